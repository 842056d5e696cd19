package org.secretdesk.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.component.VAlarm;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;
import org.secretdesk.server.testing.Problems;

/**
 * {@code GET /api/v1/calendar.ics?token=…}: parsed with ical4j, every expiry is an event at its time with an alarm
 * at each warning threshold; the token is shown once, kept hashed, and a revoked or wrong token is refused and
 * audited.
 */
class CalendarFeedTest {

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    private HttpResponse<String> feed(String url) throws Exception {
        return gw.client().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFeedListsEveryExpiryWithAlarmsAtTheThresholds() throws Exception {
        expect(gw.put("/api/v1/settings/secret-policy", gw.obj("expiryEnabled", true, "expiresAfter", "P90D",
                "notifyBefore", List.of("P14D", "P1D"))), 200);
        String name = unique("Calendar, app; with \"quotes\"");
        JsonNode app = gw.createAppWithSecret(name, "main");
        String appId = app.path("id").asText();
        JsonNode second = expect(gw.post("/api/v1/applications/" + appId + "/secrets",
                gw.obj("description", "short-lived", "expiresAfter", "P3D")), 201).json();
        expect(gw.patch("/api/v1/applications/" + appId, gw.obj("owners", gw.obj("emails",
                List.of("owner@example.com"), "team", "Ops"))), 200);

        JsonNode issued = expect(gw.post("/api/v1/calendar/tokens", gw.obj("name", "Team calendar")), 201).json();
        String token = issued.path("token").asText();
        gw.recordSensitive(token);
        assertThat(issued.path("url").asText()).isEqualTo(gw.server().baseUri().toString().replaceAll("/$", "")
                + "/api/v1/calendar.ics?token=" + token);

        HttpResponse<String> r = feed(issued.path("url").asText());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/calendar");
        Calendar calendar = new CalendarBuilder().build(new StringReader(r.body()));
        List<VEvent> events = calendar.getComponents(net.fortuna.ical4j.model.Component.VEVENT);
        for (JsonNode s : List.of(app.path("issuedSecret"), second)) {
            String secretId = s.path("id").asText();
            VEvent e = events.stream().filter(v -> v.<Uid>getProperty(Property.UID).orElseThrow().getValue()
                    .startsWith(secretId))
                    .findFirst().orElseThrow(() -> new AssertionError("no event for " + secretId + " in\n" + r.body()));
            assertThat(Instant.from(e.getStartDate().orElseThrow().getDate()))
                    .isEqualTo(Instant.parse(s.path("expiresAt").asText()));
            assertThat(e.getSummary().getValue()).contains(name, s.path("description").asText());
            assertThat(e.getDescription().getValue()).contains("Team: Ops", "owner@example.com");
            List<VAlarm> alarms = e.getAlarms();
            java.time.ZonedDateTime at = Instant.parse(s.path("expiresAt").asText()).atZone(java.time.ZoneOffset.UTC);
            assertThat(alarms).extracting(a -> java.time.Duration.between(at, at.plus(a.getTrigger().orElseThrow()
                    .getDuration()))).containsExactlyInAnyOrder(java.time.Duration.ofDays(-14),
                    java.time.Duration.ofDays(-1));
        }
        assertThat(r.body()).doesNotContain(app.path("issuedSecret").path("secret").asText());

        JsonNode listed = expect(gw.get("/api/v1/calendar/tokens"), 200).json().path("items");
        assertThat(listed.toString()).doesNotContain(token).contains("Team calendar");
        Optional<JsonNode> mine = Optional.empty();
        for (JsonNode t : listed) {
            if (t.path("id").asText().equals(issued.path("id").asText())) {
                mine = Optional.of(t);
            }
        }
        assertThat(mine.orElseThrow().path("lastUsedAt").asText()).isNotEmpty();
    }

    @Test
    void aRevokedOrWrongTokenIsRefusedAndAudited() throws Exception {
        JsonNode issued = expect(gw.post("/api/v1/calendar/tokens", gw.obj()), 201).json();
        gw.recordSensitive(issued.path("token").asText());
        assertThat(feed(issued.path("url").asText()).statusCode()).isEqualTo(200);
        expect(gw.delete("/api/v1/calendar/tokens/" + issued.path("id").asText()), 204);
        HttpResponse<String> revoked = feed(issued.path("url").asText());
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.body()).contains("auth.invalid_api_key");
        assertThat(feed(gw.uri("/api/v1/calendar.ics").toString()).statusCode()).isEqualTo(401);
        Problems.assertProblem(gw.delete("/api/v1/calendar/tokens/" + issued.path("id").asText()), 404,
                "calendar_token.not_found");

        JsonNode audit = expect(gw.get("/api/v1/audit?limit=50"), 200).json().path("items");
        List<String> actions = new java.util.ArrayList<>();
        audit.forEach(e -> actions.add(e.path("action").asText() + "/" + e.path("outcome").asText()));
        assertThat(actions).contains("calendar.token.create/SUCCESS", "calendar.token.revoke/SUCCESS",
                "auth.failed/REJECTED");
    }
}
