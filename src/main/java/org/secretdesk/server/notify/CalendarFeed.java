package org.secretdesk.server.notify;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.Validation;
import org.secretdesk.server.ApiException;
import org.secretdesk.server.GatewayService;
import org.secretdesk.server.Randoms;
import org.secretdesk.server.Version;
import org.secretdesk.server.store.CalendarStore;
import org.secretdesk.server.store.Store;

/**
 * The expiry calendar (issue 23): {@code GET /api/v1/calendar.ics?token=…} lists every secret's expiry as an
 * iCalendar event (RFC 5545) with an alarm at each of the policy's warning thresholds. The token in the URL is
 * read-only and good for the feed alone (calendar applications cannot send headers); the gateway keeps only its
 * SHA-256, shows it once when it is issued, and an admin revokes it (and issues another) at any time.
 */
public final class CalendarFeed {

    /** Expiries shown: from a month ago to two years ahead, at most this many. */
    static final int MAX_EVENTS = 10_000;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final GatewayService service;
    private final Store store;
    private final Clock clock;

    CalendarFeed(GatewayService service, Store store, Clock clock) {
        this.service = service;
        this.store = store;
        this.clock = clock;
    }

    /** A token just issued: the only time its value exists outside the caller. */
    public record IssuedToken(CalendarStore.TokenRow row, String token) {
    }

    public IssuedToken issue(GatewayService.Tx tx, String name) throws SQLException {
        String n = name == null || name.isBlank() ? "Calendar feed" : name.strip();
        if (n.length() > 100 || Validation.hasControlCharacters(n)) {
            throw ApiException.validation("name", "The name is at most 100 characters without control characters.");
        }
        String token = "sdcal_" + Randoms.id("", 32);
        CalendarStore.TokenRow row = new CalendarStore.TokenRow(Randoms.id("cal_", 20), n, Randoms.sha256Hex(token),
                tx.now().toEpochMilli(), tx.actor().name(), null);
        store.calendar().insert(tx.connection(), row);
        service.audit(tx, "calendar.token.create", null, null, n);
        return new IssuedToken(row, token);
    }

    public void revoke(GatewayService.Tx tx, String id) throws SQLException {
        CalendarStore.TokenRow row = store.calendar().find(tx.connection(), id).orElseThrow(() -> new ApiException(
                ProblemCode.CALENDAR_TOKEN_NOT_FOUND, "No calendar feed token with id '"
                + org.secretdesk.server.Rules.printable(id) + "'."));
        store.calendar().delete(tx.connection(), id);
        service.audit(tx, "calendar.token.revoke", null, null, row.name());
    }

    public List<CalendarStore.TokenRow> tokens() {
        return service.read(c -> store.calendar().all(c));
    }

    /** The feed for {@code token}, or empty when no such token exists (never issued, or revoked). */
    public Optional<String> feed(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        String hash = Randoms.sha256Hex(token);
        Optional<CalendarStore.TokenRow> row = service.read(c -> store.calendar().byHash(c, hash));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.millis();
        service.write(org.secretdesk.server.Actor.system(), tx -> {
            store.calendar().used(tx.connection(), row.get().id(), now);
            return null;
        });
        List<Duration> thresholds = service.secretPolicy().notifyBefore();
        List<CalendarStore.Expiry> expiries = service.read(c -> store.calendar().expiries(c,
                now - Duration.ofDays(30).toMillis(), now + Duration.ofDays(731).toMillis(), MAX_EVENTS));
        return Optional.of(render(expiries, thresholds, Instant.ofEpochMilli(now)));
    }

    static String render(List<CalendarStore.Expiry> expiries, List<Duration> thresholds, Instant now) {
        StringBuilder b = new StringBuilder();
        line(b, "BEGIN:VCALENDAR");
        line(b, "VERSION:2.0");
        line(b, "PRODID:-//SecretDesk//Gateway " + Version.current() + "//EN");
        line(b, "CALSCALE:GREGORIAN");
        line(b, "METHOD:PUBLISH");
        line(b, "X-WR-CALNAME:SecretDesk: client secret expiries");
        for (CalendarStore.Expiry e : expiries) {
            Instant at = Instant.ofEpochMilli(e.expiresAt());
            line(b, "BEGIN:VEVENT");
            line(b, "UID:" + e.secretId() + "-" + e.expiresAt() + "@secretdesk");
            line(b, "DTSTAMP:" + UTC.format(now));
            line(b, "DTSTART:" + UTC.format(at));
            line(b, "DURATION:PT30M");
            line(b, "SUMMARY:" + text("Client secret expires: " + e.applicationName() + " / " + e.description()));
            line(b, "DESCRIPTION:" + text("The client secret \"" + e.description() + "\" (hint " + e.hint()
                    + ", id " + e.secretId() + ") of the application " + e.applicationName() + " expires at " + at
                    + ". " + EventType.SECRET_EXPIRING.action()
                    + (e.ownerTeam() == null ? "" : " Team: " + e.ownerTeam() + ".")
                    + (e.ownerEmails() == null ? "" : " Owners: " + e.ownerEmails().replace(",", ", ") + ".")));
            line(b, "CATEGORIES:SecretDesk");
            line(b, "TRANSP:TRANSPARENT");
            for (Duration t : thresholds) {
                line(b, "BEGIN:VALARM");
                line(b, "ACTION:DISPLAY");
                line(b, "DESCRIPTION:" + text(e.applicationName() + " / " + e.description() + " expires in "
                        + org.secretdesk.model.IsoDurations.format(t)));
                line(b, "TRIGGER;RELATED=START:-" + duration(t));
                line(b, "END:VALARM");
            }
            line(b, "END:VEVENT");
        }
        line(b, "END:VCALENDAR");
        return b.toString();
    }

    /** RFC 5545 dur-value (without sign): P7D, PT1H, P1DT2H30M. */
    static String duration(Duration d) {
        long s = Math.max(d.getSeconds(), 1);
        long days = s / 86_400;
        long h = s % 86_400 / 3600;
        long m = s % 3600 / 60;
        long sec = s % 60;
        StringBuilder b = new StringBuilder("P");
        if (days > 0) {
            b.append(days).append('D');
        }
        if (h > 0 || m > 0 || sec > 0) {
            b.append('T');
            if (h > 0) {
                b.append(h).append('H');
            }
            if (m > 0) {
                b.append(m).append('M');
            }
            if (sec > 0) {
                b.append(sec).append('S');
            }
        }
        return b.toString();
    }

    /** TEXT escaping: backslash, semicolon, comma and line ends. */
    static String text(String s) {
        return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n")
                .replace("\n", "\\n").replace("\r", "\\n");
    }

    /** A content line, folded at 75 octets (RFC 5545 3.1) without splitting a UTF-8 character. */
    private static void line(StringBuilder b, String content) {
        int octets = 0;
        for (int i = 0; i < content.length(); ) {
            int cp = content.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + len > 75) {
                b.append("\r\n ");
                octets = 1;
            }
            b.appendCodePoint(cp);
            octets += len;
            i += Character.charCount(cp);
        }
        b.append("\r\n");
    }
}
