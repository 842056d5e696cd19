package org.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.gravitee.GraviteeStandIn;

/**
 * {@code secretdesk apps|secrets} end to end against the stand-in Gravitee AM (current version): a search that finds
 * what contains the text, the domain named by its HRID, issued secrets with their client id, and a delete that a
 * role without APPLICATION_FORM[DELETE] may not do, said so.
 */
class GraviteeCliTest {

    @TempDir
    Path dir;

    GraviteeStandIn am;
    Path passwordFile;
    final ObjectMapper mapper = new ObjectMapper();

    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        am = new GraviteeStandIn(GraviteeStandIn.Version.CURRENT);
        passwordFile = dir.resolve("am.pw");
        Files.writeString(passwordFile, GraviteeStandIn.PASSWORD + "\n");
    }

    @AfterEach
    void stop() {
        am.close();
    }

    Run am(String user, Path password, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kind", "gravitee", "--url", am.url().toString(), "--user", user,
                "--password-file", password.toString(), "--domain", GraviteeStandIn.HRID));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    Run am(String... args) {
        return am(GraviteeStandIn.USER, passwordFile, args);
    }

    @Test
    void appsListFindsWhatContainsTheText() throws Exception {
        am.addApplication("billing", "billing-client", null, null, "s");
        am.addApplication("Pre-Billing", "c-2", null, null, "s", "t");
        am.addApplication("orders", "c-3", null, null, "s");

        Run run = am("apps", "list", "--query", "bill", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode apps = mapper.readTree(run.out());
        List<String> names = new ArrayList<>();
        apps.forEach(a -> names.add(a.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("billing", "Pre-Billing");
        assertThat(apps.toString()).contains("billing-client");
    }

    @Test
    void createAndRenewPrintTheNewValueOnceWithTheApplicationsClientId() throws Exception {
        String id = am.addApplication("billing", "billing-client", null, null, "first");

        Run create = am("secrets", "create", "--app", "billing", "--description", "prod rollout", "--json");
        Run renew = am("secrets", "renew", "--app", "billing", "--description", "prod rollout", "--json");

        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(renew.exitCode()).as(renew.err()).isZero();
        JsonNode created = mapper.readTree(create.out());
        JsonNode renewed = mapper.readTree(renew.out());
        assertThat(created.path("clientId").asText()).isEqualTo("billing-client");
        assertThat(renewed.path("clientId").asText()).isEqualTo("billing-client");
        String secretId = renewed.path("secret").path("id").asText();
        assertThat(renewed.path("value").asText()).isEqualTo(am.issuedValue(secretId));
        assertThat(am.application(id).secrets()).hasSize(2);
    }

    @Test
    void aDeleteRefusedForWantOfApplicationFormDeleteSaysSo() throws Exception {
        am.addUser("operator", "operator-pw", GraviteeStandIn.OPENID_ONLY);
        Path operatorPw = dir.resolve("operator.pw");
        Files.writeString(operatorPw, "operator-pw\n");
        am.addApplication("billing", "billing-client", null, null, "first", "second");

        Run run = am("operator", operatorPw, "secrets", "delete", "--app", "billing", "--description", "first",
                "--confirm", "first");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("APPLICATION_FORM[DELETE]").doesNotContain("operator-pw");
    }
}
