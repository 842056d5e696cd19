package org.secretdesk.ui.common;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import javafx.util.StringConverter;

/**
 * How date fields read and show dates: the console's one format ({@value RelativeTime#DATE_PATTERN}), and what
 * an operator types — ISO ("2026-12-07") or the locale's short form. Text that is not a date is kept as no date
 * rather than silently dropped: the field shows the hint {@value RelativeTime#DATE_HINT}.
 */
public final class DateFields {

    /** For a DatePicker's converter. */
    public static final StringConverter<LocalDate> CONVERTER = new StringConverter<>() {
        @Override
        public String toString(LocalDate date) {
            return RelativeTime.formatDate(date);
        }

        @Override
        public LocalDate fromString(String text) {
            try {
                return RelativeTime.parseDate(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    };

    /** What a date field says of text that is not a date ("“next friday” is not a date: type it as YYYY-MM-DD"). */
    public static String notADate(String typed) {
        return "“" + typed + "” is not a date: type it as " + RelativeTime.DATE_HINT;
    }

    private DateFields() {
    }
}
