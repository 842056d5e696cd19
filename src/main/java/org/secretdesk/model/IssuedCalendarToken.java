package org.secretdesk.model;

import java.util.Objects;

/**
 * A calendar feed token just issued: the feed's full URL with the token in it, shown once. The URL is a credential
 * (it opens the feed without any other key): it is held as a {@link SecretValue} and destroyed by its holder.
 */
public record IssuedCalendarToken(CalendarToken token, SecretValue url) {

    public IssuedCalendarToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(url, "url");
    }

    /** The record without the URL; the URL's characters are left to their holder. */
    @Override
    public String toString() {
        return "IssuedCalendarToken[" + token + ", url=" + url + "]";
    }
}
