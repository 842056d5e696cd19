package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;
import static org.secretdesk.server.testing.Problems.assertProblem;
import static org.secretdesk.server.testing.Problems.assertProblemAnyOf;
import static org.secretdesk.server.testing.Problems.assertValidation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;
import org.secretdesk.server.testing.Resp;

/** Applications: create, read, list/search/page, update with If-Match, naming rules, delete. */
class ApplicationsApiTest {

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    @BeforeAll
    static void seed() {
        expect(gw.put("/api/v1/roles", gw.arr(
                gw.obj("name", "reader", "description", "Read access"),
                gw.obj("name", "writer", "description", "Write access"))), 200);
    }

    @Test
    void createReturns201WithLocationEtagAndAllFields() {
        String name = unique("billing-service");
        Resp r = gw.post("/api/v1/applications", gw.obj("name", name, "description", "Bills customers",
                "roles", List.of("reader")));
        expect(r, 201);
        JsonNode app = r.json();
        String id = app.path("id").asText();
        assertThat(id).startsWith("app_");
        assertThat(app.path("clientId").asText()).startsWith("sdc_");
        assertThat(app.path("name").asText()).isEqualTo(name);
        assertThat(app.path("description").asText()).isEqualTo("Bills customers");
        assertThat(app.path("roles")).hasSize(1);
        assertThat(app.path("roles").get(0).asText()).isEqualTo("reader");
        assertThat(app.path("version").asLong()).isEqualTo(1);
        assertThat(Instant.parse(app.path("createdAt").asText())).isEqualTo(gw.clock().instant());
        assertThat(Instant.parse(app.path("updatedAt").asText())).isEqualTo(gw.clock().instant());
        assertThat(app.path("secretPolicy").path("mode").asText()).isEqualTo("DOMAIN");
        assertThat(app.path("secretCount").asInt()).isZero();
        assertThat(app.path("expiredCount").asInt()).isZero();
        assertThat(app.has("nextExpiry")).as("nextExpiry member").isTrue();
        assertThat(app.path("nextExpiry").isNull()).as("no secrets, no next expiry").isTrue();
        assertThat(app.path("issuedSecret").isMissingNode() || app.path("issuedSecret").isNull())
                .as("no initialSecret requested, no issuedSecret").isTrue();
        assertThat(r.header("ETag")).hasValue("\"1\"");
        assertThat(r.header("Location")).as("Location header").isPresent();
        assertThat(r.header("Location").orElseThrow()).endsWith("/api/v1/applications/" + id);
    }

    @Test
    void createWithInitialSecretIssuesItOnceWithNoStore() {
        String name = unique("with-initial");
        Resp r = gw.post("/api/v1/applications", gw.obj("name", name, "initialSecret", gw.obj("description", "first")));
        expect(r, 201);
        JsonNode issued = r.json().path("issuedSecret");
        assertThat(issued.isObject()).as("issuedSecret in %s", r.body()).isTrue();
        String secret = issued.path("secret").asText();
        assertThat(secret).startsWith("sds_");
        assertThat(issued.path("description").asText()).isEqualTo("first");
        assertThat(issued.path("clientId").asText()).isEqualTo(r.json().path("clientId").asText());
        assertThat(issued.path("applicationId").asText()).isEqualTo(r.json().path("id").asText());
        assertThat(r.header("Cache-Control").orElse("")).contains("no-store");

        // Shown once: reading the application or its secrets never shows the value again.
        String id = r.json().path("id").asText();
        Resp again = expect(gw.get("/api/v1/applications/" + id), 200);
        assertThat(again.body()).doesNotContain(secret);
        assertThat(again.json().path("secretCount").asInt()).isEqualTo(1);
        assertThat(expect(gw.get("/api/v1/applications/" + id + "/secrets"), 200).body()).doesNotContain(secret);
        assertThat(gw.token(r.json().path("clientId").asText(), secret).status()).isEqualTo(200);
    }

    @Test
    void getReturnsTheApplicationWithEtag() {
        JsonNode created = gw.createApp(unique("get-me"));
        Resp r = expect(gw.get("/api/v1/applications/" + created.path("id").asText()), 200);
        assertThat(r.json().path("id").asText()).isEqualTo(created.path("id").asText());
        assertThat(r.json().path("name").asText()).isEqualTo(created.path("name").asText());
        assertThat(r.json().path("clientId").asText()).isEqualTo(created.path("clientId").asText());
        assertThat(r.header("ETag")).hasValue("\"" + r.json().path("version").asLong() + "\"");
    }

    @Test
    void listSearchesNameDescriptionAndClientIdCaseInsensitively() {
        String marker = "Zq" + GatewayFixture.randomToken(6).replace('-', 'x').replace('_', 'y');
        JsonNode byName = gw.createApp("svc-" + marker + "-name");
        JsonNode byDescription = expect(gw.post("/api/v1/applications",
                gw.obj("name", unique("other"), "description", "owned by " + marker.toUpperCase())), 201).json();
        gw.createApp(unique("unrelated"));

        Set<String> found = ids(expect(gw.get("/api/v1/applications?q=" + marker.toLowerCase()), 200).json());
        assertThat(found).containsExactlyInAnyOrder(byName.path("id").asText(), byDescription.path("id").asText());

        String clientId = byName.path("clientId").asText();
        String clientPart = clientId.substring(clientId.length() - 8);
        Set<String> byClient = ids(expect(gw.get("/api/v1/applications?q=" + swapCase(clientPart)), 200).json());
        assertThat(byClient).contains(byName.path("id").asText());
    }

    @Test
    void listPagesWithLimitAndCursor() {
        String marker = "pg" + GatewayFixture.randomToken(6).replace('-', 'x').replace('_', 'y');
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(gw.createApp(marker + "-" + i).path("id").asText());
        }
        List<JsonNode> pages = gw.pages("/api/v1/applications?q=" + marker, 3);
        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).path("items")).hasSize(3);
        assertThat(pages.get(1).path("items")).hasSize(3);
        assertThat(pages.get(2).path("items")).hasSize(1);
        List<String> all = new ArrayList<>();
        pages.forEach(p -> p.path("items").forEach(a -> all.add(a.path("id").asText())));
        assertThat(all).doesNotHaveDuplicates();
        assertThat(new HashSet<>(all)).isEqualTo(created);
    }

    @Test
    void defaultPageIs100AndLimitGoesUpTo1000() {
        String marker = "many" + GatewayFixture.randomToken(6).replace('-', 'x').replace('_', 'y');
        for (int i = 0; i < 101; i++) {
            gw.createApp(marker + "-" + i);
        }
        JsonNode first = expect(gw.get("/api/v1/applications?q=" + marker), 200).json();
        assertThat(first.path("items")).hasSize(100);
        assertThat(first.path("nextCursor").isTextual()).as("a next page exists: %s", first.path("nextCursor")).isTrue();
        JsonNode big = expect(gw.get("/api/v1/applications?q=" + marker + "&limit=1000"), 200).json();
        assertThat(big.path("items")).hasSize(101);
        assertThat(big.path("nextCursor").isNull()).isTrue();
        // Over the maximum: refused or capped, never more than 1000 items and never a server error.
        Resp over = gw.get("/api/v1/applications?limit=1001");
        assertThat(over.status()).as("%s", over).isIn(200, 400, 422);
    }

    @Test
    void badCursorIsAClientError() {
        Resp r = gw.get("/api/v1/applications?limit=3&cursor=%21%21not-a-cursor%21%21");
        assertProblemAnyOf(r, new int[] {400, 422}, "validation.failed", "request.malformed");
    }

    @Test
    void badLimitIsAClientError() {
        assertProblemAnyOf(gw.get("/api/v1/applications?limit=abc"), new int[] {400, 422},
                "validation.failed", "request.malformed");
        assertProblemAnyOf(gw.get("/api/v1/applications?limit=-1"), new int[] {400, 422},
                "validation.failed", "request.malformed");
    }

    @Test
    void patchUpdatesDescriptionRolesAndPolicyWithIfMatch() {
        JsonNode app = gw.createApp(unique("patch-me"));
        String path = "/api/v1/applications/" + app.path("id").asText();
        gw.clock().advance(java.time.Duration.ofSeconds(5));
        Resp r = gw.call("PATCH", path).ifMatch(1).json(gw.obj(
                "description", "new description",
                "roles", List.of("reader", "writer"),
                "secretPolicy", gw.obj("mode", "CUSTOM", "expiresAfter", "P30D"))).send();
        expect(r, 200);
        JsonNode updated = r.json();
        assertThat(updated.path("description").asText()).isEqualTo("new description");
        assertThat(texts(updated.path("roles"))).containsExactlyInAnyOrder("reader", "writer");
        assertThat(updated.path("secretPolicy").path("mode").asText()).isEqualTo("CUSTOM");
        assertThat(updated.path("secretPolicy").path("expiresAfter").asText()).isEqualTo("P30D");
        assertThat(updated.path("version").asLong()).isEqualTo(2);
        assertThat(r.header("ETag")).hasValue("\"2\"");
        assertThat(updated.path("name").asText()).isEqualTo(app.path("name").asText());
        assertThat(Instant.parse(updated.path("updatedAt").asText())).isEqualTo(gw.clock().instant());

        // The change is stored, not just echoed.
        JsonNode reread = expect(gw.get(path), 200).json();
        assertThat(reread.path("description").asText()).isEqualTo("new description");
        assertThat(reread.path("secretPolicy").path("mode").asText()).isEqualTo("CUSTOM");

        // Only what is sent changes.
        JsonNode onlyDesc = expect(gw.call("PATCH", path).ifMatch(2).json(gw.obj("description", "third")).send(), 200).json();
        assertThat(texts(onlyDesc.path("roles"))).containsExactlyInAnyOrder("reader", "writer");
        assertThat(onlyDesc.path("secretPolicy").path("mode").asText()).isEqualTo("CUSTOM");

        // Back to NEVER and DOMAIN.
        JsonNode never = expect(gw.patch(path, gw.obj("secretPolicy", gw.obj("mode", "NEVER"))), 200).json();
        assertThat(never.path("secretPolicy").path("mode").asText()).isEqualTo("NEVER");
        JsonNode domain = expect(gw.patch(path, gw.obj("secretPolicy", gw.obj("mode", "DOMAIN"))), 200).json();
        assertThat(domain.path("secretPolicy").path("mode").asText()).isEqualTo("DOMAIN");
    }

    @Test
    void staleIfMatchOnPatchIs412AndChangesNothing() {
        JsonNode app = gw.createApp(unique("stale"));
        String path = "/api/v1/applications/" + app.path("id").asText();
        expect(gw.call("PATCH", path).ifMatch(1).json(gw.obj("description", "v2")).send(), 200);
        Resp stale = gw.call("PATCH", path).ifMatch(1).json(gw.obj("description", "lost update")).send();
        assertProblem(stale, 412, "precondition.failed");
        assertThat(expect(gw.get(path), 200).json().path("description").asText()).isEqualTo("v2");
    }

    @Test
    void staleIfMatchOnDeleteIs412() {
        JsonNode app = gw.createApp(unique("stale-delete"));
        String path = "/api/v1/applications/" + app.path("id").asText();
        expect(gw.patch(path, gw.obj("description", "v2")), 200);
        assertProblem(gw.call("DELETE", path).ifMatch(1).send(), 412, "precondition.failed");
        expect(gw.get(path), 200);
        assertThat(gw.call("DELETE", path).ifMatch(2).send().status()).isEqualTo(204);
    }

    @Test
    void rolesOutsideTheCatalogAreRefused() {
        assertValidation(gw.post("/api/v1/applications",
                gw.obj("name", unique("bad-roles"), "roles", List.of("reader", "no-such-role"))), "roles");
        JsonNode app = gw.createApp(unique("patch-roles"));
        assertValidation(gw.patch("/api/v1/applications/" + app.path("id").asText(),
                gw.obj("roles", List.of("no-such-role"))), "roles");
    }

    @Test
    void duplicateNameIsRefusedButNamesAreCaseSensitive() {
        String base = unique("billing");
        String lower = base.toLowerCase();
        String capital = Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
        gw.createApp(capital);
        JsonNode other = gw.createApp(lower);
        assertThat(other.path("name").asText()).isEqualTo(lower);
        assertProblem(gw.post("/api/v1/applications", gw.obj("name", lower)), 409, "application.duplicate_name");
        // Names are compared after trimming.
        assertProblem(gw.post("/api/v1/applications", gw.obj("name", "  " + lower + " ")), 409,
                "application.duplicate_name");
    }

    @Test
    void nameRules() {
        assertValidation(gw.post("/api/v1/applications", gw.obj("name", "")), "name");
        assertValidation(gw.post("/api/v1/applications", gw.obj("name", "   ")), "name");
        assertValidation(gw.post("/api/v1/applications", gw.obj("description", "no name")), "name");
        assertValidation(gw.post("/api/v1/applications", gw.obj("name", "x".repeat(101))), "name");
        assertValidation(gw.post("/api/v1/applications", gw.obj("name", "bell\u0007name")), "name");
        assertValidation(gw.post("/api/v1/applications", gw.obj("name", "new\nline")), "name");
        assertValidation(gw.post("/api/v1/applications", gw.obj("name", "evil\u202Etxt.exe")), "name");

        // Boundaries that are fine: exactly 100 characters, trimmed on the way in.
        String hundred = unique("n") ;
        hundred = hundred + "y".repeat(100 - hundred.length());
        assertThat(gw.createApp(hundred).path("name").asText()).isEqualTo(hundred);
        String padded = unique("padded");
        assertThat(gw.createApp("  " + padded + "  ").path("name").asText()).isEqualTo(padded);
    }

    @Test
    void deleteRemovesTheApplicationAndItsSecretsStopWorkingAtOnce() {
        JsonNode created = gw.createAppWithSecret(unique("to-delete"), "only");
        String id = created.path("id").asText();
        String clientId = created.path("clientId").asText();
        String secret = created.path("issuedSecret").path("secret").asText();
        JsonNode second = gw.createSecret(id, "second");
        assertThat(gw.token(clientId, secret).status()).isEqualTo(200);

        Resp del = gw.delete("/api/v1/applications/" + id);
        assertThat(del.status()).as("DELETE %s", del).isEqualTo(204);

        assertInvalidClient(gw.token(clientId, secret));
        assertInvalidClient(gw.token(clientId, second.path("secret").asText()));
        assertProblem(gw.get("/api/v1/applications/" + id), 404, "application.not_found");
        assertProblem(gw.get("/api/v1/applications/" + id + "/secrets"), 404, "application.not_found");
        assertThat(ids(expect(gw.get("/api/v1/applications?limit=1000"), 200).json())).doesNotContain(id);
        // The name is free again.
        gw.createApp(created.path("name").asText());
    }

    @Test
    void unknownApplicationIs404() {
        String path = "/api/v1/applications/app_doesNotExist";
        assertProblem(gw.get(path), 404, "application.not_found");
        assertProblem(gw.patch(path, gw.obj("description", "x")), 404, "application.not_found");
        assertProblem(gw.delete(path), 404, "application.not_found");
        assertProblem(gw.post(path + "/secrets", gw.obj("description", "x")), 404, "application.not_found");
        assertProblem(gw.get(path + "/secrets"), 404, "application.not_found");
    }

    static void assertInvalidClient(Resp r) {
        assertThat(r.status()).as("token response %s", r).isEqualTo(401);
        assertThat(r.json().path("error").asText()).isEqualTo("invalid_client");
    }

    static Set<String> ids(JsonNode page) {
        Set<String> ids = new HashSet<>();
        page.path("items").forEach(a -> ids.add(a.path("id").asText()));
        return ids;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String swapCase(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return sb.toString();
    }
}
