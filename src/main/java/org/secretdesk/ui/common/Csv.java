package org.secretdesk.ui.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * CSV as the console exports it (RFC 4180): a header row, CRLF line ends, fields quoted when they hold a comma, quote
 * or line break, quotes doubled. A field that starts with = + - @ is prefixed with ' so a spreadsheet does not run it
 * as a formula. Callers never put a secret value in a row.
 */
public final class Csv {

    private Csv() {
    }

    /** The whole document: {@code header}, then each of {@code rows} (null fields are empty). */
    public static String write(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        row(sb, header);
        rows.forEach(r -> row(sb, r));
        return sb.toString();
    }

    private static void row(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(field(fields.get(i)));
        }
        sb.append("\r\n");
    }

    /** One field, escaped. */
    public static String field(String value) {
        String v = value == null ? "" : value;
        String original = v;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(original)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /**
     * Writes {@code content} to {@code file} in the background; then {@code written} with the file, or
     * {@code failed} with a sentence naming it.
     */
    public static void save(Background background, Path file, String content, Consumer<Path> written,
                            Consumer<String> failed) {
        background.call(() -> {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        }, written, e -> failed.accept("Could not write " + file.getFileName() + ": "
                + (ErrorMessages.unwrap(e) instanceof IOException io ? io.getMessage() : e.toString())));
    }
}
