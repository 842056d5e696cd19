package org.secretdesk.server;

import org.secretdesk.model.Validation;

/** Input rules shared by the routes and the service. */
public final class Rules {

    static final int MAX_APP_DESCRIPTION = Validation.MAX_LENGTH;

    private Rules() {
    }

    /** A name or secret description: trimmed, 1-100 characters, no control characters. */
    static String label(String field, String what, String value) {
        Validation.checkLabel(what, value).ifPresent(msg -> {
            throw ApiException.validation(field, msg);
        });
        return Validation.normalize(value);
    }

    /** An application's description: may be empty, otherwise the same rules as names (at most 100 characters). */
    static String description(String value) {
        String v = value == null ? "" : value.strip();
        if (v.length() > MAX_APP_DESCRIPTION) {
            throw ApiException.validation("description", "Description must be at most " + MAX_APP_DESCRIPTION
                    + " characters.");
        }
        if (Validation.hasControlCharacters(v.replace('\n', ' ').replace('\t', ' '))) {
            throw ApiException.validation("description", "Description must not contain control characters.");
        }
        return v;
    }

    /** A role name: letters, digits and . _ : - (no commas), 1-64 characters. */
    static String roleName(String value) {
        if (value == null || !value.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")) {
            throw ApiException.validation("roles", "Role names are 1-64 letters, digits, '.', '_', ':' or '-'.");
        }
        return value;
    }

    /** A short, safe echo of user input for error messages (no control characters, bounded length). */
    public static String printable(String value) {
        if (value == null) {
            return "";
        }
        String v = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        StringBuilder sb = new StringBuilder();
        v.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                sb.append('?');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }
}
