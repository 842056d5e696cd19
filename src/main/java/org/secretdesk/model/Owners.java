package org.secretdesk.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who owns an application (issue 23): the e-mail addresses that notifications about its secrets go to, and an
 * optional team name. Addresses are kept in lower case, each once, in the order given.
 */
public record Owners(List<String> emails, String team) {

    public static final Owners NONE = new Owners(List.of(), null);
    /** At most this many addresses per application. */
    public static final int MAX_EMAILS = 20;
    public static final int MAX_TEAM_LENGTH = 100;
    /** A plain address: local part, '@', a domain with a dot; no spaces, quotes, commas or angle brackets. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
            + "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    public Owners {
        List<String> clean = new ArrayList<>();
        for (String e : emails == null ? List.<String>of() : emails) {
            String lower = e.strip().toLowerCase(Locale.ROOT);
            if (!clean.contains(lower)) {
                clean.add(lower);
            }
        }
        emails = List.copyOf(clean);
        team = team == null || team.isBlank() ? null : team.strip();
    }

    public boolean isEmpty() {
        return emails.isEmpty() && team == null;
    }

    /** True for an address the gateway accepts as an owner or a channel's recipient. */
    public static boolean isEmail(String text) {
        return text != null && text.length() <= 254 && EMAIL.matcher(text.strip()).matches();
    }
}
