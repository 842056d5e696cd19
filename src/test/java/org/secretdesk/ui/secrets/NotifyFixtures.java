package org.secretdesk.ui.secrets;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.CalendarToken;
import org.secretdesk.model.Channel;
import org.secretdesk.model.ChannelDelivery;
import org.secretdesk.model.ChannelEvent;
import org.secretdesk.model.ChannelSettings;
import org.secretdesk.model.IssuedCalendarToken;
import org.secretdesk.model.SecretValue;
import org.secretdesk.ui.testing.StubGateway;

/** Sample channels, deliveries and calendar links for the documentation's screenshots (issue 23). */
final class NotifyFixtures {

    static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    private NotifyFixtures() {
    }

    static Channel email() {
        return new Channel("chn_2", "Owners by mail", Channel.Kind.EMAIL, true,
                ChannelEvent.defaults(Channel.Kind.EMAIL).subList(0, 5), ChannelSettings.email("smtp.example.com", null,
                "STARTTLS", "secretdesk@example.com", "secretdesk@example.com", List.of("it-ops@example.com"), true,
                null), true, NOW, NOW, 3);
    }

    private static ChannelDelivery delivery(String type, ChannelDelivery.State state, int attempts, Duration ago,
                                            String error) {
        Instant at = NOW.minus(ago);
        return new ChannelDelivery("dlv_" + type + attempts, "evt_" + type, type, state, attempts, 8, at,
                state == ChannelDelivery.State.PENDING ? at.plusSeconds(60) : null,
                state == ChannelDelivery.State.PENDING ? null : at, error);
    }

    static GatewayClient gateway() {
        Channel hook = new Channel("chn_1", "Chat ops", Channel.Kind.WEBHOOK, true,
                ChannelEvent.defaults(Channel.Kind.WEBHOOK), ChannelSettings.webhook(
                "https://hooks.example.com/secretdesk", null), true, NOW, NOW, 1);
        Channel siem = new Channel("chn_3", "SIEM", Channel.Kind.SYSLOG, true,
                ChannelEvent.defaults(Channel.Kind.SYSLOG), ChannelSettings.syslog("siem.example.com", null, "TLS",
                "CEF", null), false, NOW, NOW, 1);
        List<CalendarToken> tokens = new ArrayList<>(List.of(new CalendarToken("cal_1", "Ops calendar", "admin",
                NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofMinutes(20)))));
        return new StubGateway()
                .on("listChannels", a -> List.of(hook, email(), siem))
                .on("listChannelDeliveries", a -> switch ((String) a[0]) {
                    case "chn_1" -> List.of(
                            delivery("SECRET_EXPIRING", ChannelDelivery.State.DELIVERED, 1, Duration.ofMinutes(3), null),
                            delivery("TEST", ChannelDelivery.State.DELIVERED, 1, Duration.ofHours(1), null),
                            delivery("SECRET_RENEWED", ChannelDelivery.State.DELIVERED, 3, Duration.ofHours(5),
                                    "HTTP 503 from the receiver")).subList(0, Math.min(3, (int) a[1]));
                    case "chn_2" -> List.of(delivery("SECRET_EXPIRED", ChannelDelivery.State.FAILED, 8,
                            Duration.ofHours(2), "535 5.7.8 authentication failed"));
                    default -> List.of(delivery("AUDIT", ChannelDelivery.State.PENDING, 2, Duration.ofMinutes(4),
                            "Could not connect to siem.example.com:6514 (connection refused)"));
                })
                .on("listCalendarTokens", a -> List.copyOf(tokens))
                .on("issueCalendarToken", a -> {
                    CalendarToken t = new CalendarToken("cal_2", (String) a[0], "admin", NOW, null);
                    tokens.add(t);
                    return new IssuedCalendarToken(t, SecretValue.copyOf(
                            "https://gateway.example.com/api/v1/calendar.ics?token=sdcal_7Qm2VxR9pL4kT8wZ3nB6yH1cF5jD0sA"));
                })
                .client();
    }
}
