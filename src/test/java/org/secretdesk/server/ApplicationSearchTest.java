package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;

/**
 * Search (`q=`) through the trigram index: the same answers as a case-insensitive substring match on name,
 * description and client id, whatever the query's length and position, with LIKE's wildcards taken literally,
 * and following the application's writes. Each test uses a marker of its own so the gateway can be shared.
 */
class ApplicationSearchTest {

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    private static String marker() {
        // Letters only, so that a substring of it is a substring of nothing else in the gateway.
        StringBuilder sb = new StringBuilder("Qx");
        for (char ch : GatewayFixture.randomToken(9).toCharArray()) {
            sb.append(Character.isLetter(ch) ? ch : 'k');
        }
        return sb.toString();
    }

    private static List<String> names(String q) {
        return apps(q).stream().map(a -> a.path("name").asText()).toList();
    }

    private static List<JsonNode> apps(String q) {
        List<JsonNode> out = new ArrayList<>();
        gw.pages("/api/v1/applications?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), 1000)
                .forEach(p -> p.path("items").forEach(out::add));
        return out;
    }

    @Test
    void everySubstringOfANameFindsItWhateverItsCase() {
        String m = marker();
        String name = "Svc-" + m + "-End";
        gw.createApp(name);
        String lower = name.toLowerCase();
        // Every substring of length 3 to the whole name, at every offset (crossing trigram boundaries), in three
        // cases; each must find the application (and, from six letters of the marker on, nothing else).
        for (int from = 0; from < lower.length(); from++) {
            for (int to = from + 3; to <= lower.length(); to++) {
                String sub = name.substring(from, to);
                if (!sub.contains(m.substring(2, 5)) && !sub.toLowerCase().contains(m.toLowerCase().substring(0, 3))) {
                    continue; // substrings of "svc-" or "-end" alone match other tests' applications too
                }
                for (String q : List.of(sub, sub.toUpperCase(), sub.toLowerCase())) {
                    if (sub.length() >= 6) {
                        assertThat(names(q)).as("q=%s", q).containsExactly(name);
                    } else {
                        // three to five letters can also occur, by chance, in another application's random
                        // client id: every answer must really match, and this one must be among them
                        List<JsonNode> found = apps(q);
                        assertThat(found).as("q=%s", q).extracting(a -> a.path("name").asText()).contains(name);
                        assertThat(found).as("q=%s: every answer matches", q).allSatisfy(a -> assertThat(
                                (a.path("name").asText() + "\n" + a.path("description").asText() + "\n"
                                        + a.path("clientId").asText()).toLowerCase()).contains(q.toLowerCase()));
                    }
                }
            }
        }
        assertThat(names(m + "x")).as("one character more than the name has").isEmpty();
        assertThat(names(m.substring(0, 4) + m.substring(5))).as("a character left out").isEmpty();
    }

    @Test
    void descriptionAndClientIdAreSearchedAndFollowUpdates() {
        String m = marker();
        JsonNode app = expect(gw.post("/api/v1/applications", gw.obj("name", "plain-" + m.hashCode(),
                "description", "Owned by the " + m + " team")), 201).json();
        String name = app.path("name").asText();
        String id = app.path("id").asText();
        assertThat(names(m.substring(3, 9).toUpperCase())).containsExactly(name);
        assertThat(names("the " + m.substring(0, 3))).as("across a space").contains(name);
        String clientId = app.path("clientId").asText();
        assertThat(names(clientId.substring(6, 15).toUpperCase())).containsExactly(name);

        // A new description: the old words no longer find it, the new ones do.
        String m2 = marker();
        expect(gw.patch("/api/v1/applications/" + id, gw.obj("description", "now " + m2)), 200);
        assertThat(names(m)).isEmpty();
        assertThat(names(m2.toLowerCase())).containsExactly(name);
        assertThat(names(clientId)).as("client id still found").containsExactly(name);

        expect(gw.delete("/api/v1/applications/" + id), 204);
        assertThat(names(m2)).isEmpty();
        // The name is free again, and a new application under it is found by its own words only.
        String m3 = marker();
        expect(gw.post("/api/v1/applications", gw.obj("name", name, "description", m3)), 201);
        assertThat(names(m2)).isEmpty();
        assertThat(names(m3)).containsExactly(name);
    }

    @Test
    void likeWildcardsInQueriesAndNamesAreLiteral() {
        String m = marker();
        String percent = m + "-100%_off";
        String plain = m + "-100xyoff";
        String bang = m + "-a!b";
        gw.createApp(percent);
        gw.createApp(plain);
        gw.createApp(bang);
        assertThat(names("100%_off")).containsExactly(percent);
        assertThat(names("0%_")).containsExactly(percent);
        assertThat(names("%_o")).containsExactly(percent);
        assertThat(names(m + "-100")).containsExactlyInAnyOrder(percent, plain);
        assertThat(names("a!b")).contains(bang);
        assertThat(names(m + "-a!")).containsExactly(bang);
        assertThat(names(m + "%")).as("%% is not a wildcard").isEmpty();
        assertThat(names(m + "_")).as("_ is not a wildcard").isEmpty();
    }

    @Test
    void shortAndNonAsciiQueriesMatchAsSubstrings() {
        String m = marker();
        String accented = m + "-Ærøskøbing";
        gw.createApp(accented);
        assertThat(names("Ærø")).contains(accented);
        assertThat(names("ærØskØ")).contains(accented);
        assertThat(names(m + "-æ")).containsExactly(accented);
        // One and two characters: matched like any other query (here within many applications).
        List<String> one = names(m.substring(2, 3));
        assertThat(one).contains(accented);
        assertThat(names(m.substring(4, 6).toUpperCase())).contains(accented);
    }

    @Test
    void pagesThroughManyMatchesInNameOrderWithoutGapsOrRepeats() {
        String m = marker();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            created.add(gw.createApp(String.format("%s-%02d", m, 24 - i)).path("name").asText());
        }
        List<JsonNode> pages = gw.pages("/api/v1/applications?q=" + m.substring(1).toLowerCase(), 7);
        assertThat(pages).hasSize(4);
        List<String> seen = new ArrayList<>();
        pages.forEach(p -> p.path("items").forEach(a -> seen.add(a.path("name").asText())));
        assertThat(seen).isSortedAccordingTo(String::compareTo);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
    }
}
