package org.secretdesk.ui.leaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretFormat;
import org.secretdesk.model.SecretIdentification;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;
import org.secretdesk.ui.testing.HeldBackground;
import org.secretdesk.ui.testing.SyncBackground;

/**
 * The rules of "Report a leak" without the toolkit, against a real gateway over HTTPS: what is recognised (prefix
 * and checksum, never a broken copy), what is identified and by what, what Rotate now and Revoke do to the values,
 * what the audit then says, and what happens when something fails or the operator cancels.
 */
class LeakReportViewModelTest {

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);
    static GatewayClient admin;
    static GatewayClient viewer;
    static Capabilities capabilities;

    @TempDir
    Path dir;

    final List<String> changed = new ArrayList<>();
    final List<IssuedSecret> revealed = new ArrayList<>();

    @BeforeAll
    static void clients() {
        admin = new SecretDeskClient(gw.server().baseUri(), SecretValue.copyOf(gw.adminKey()),
                List.of(gw.server().caCertificate()));
        viewer = new SecretDeskClient(gw.server().baseUri(), SecretValue.copyOf(gw.viewerKey()),
                List.of(gw.server().caCertificate()));
        capabilities = admin.capabilities();
    }

    @AfterAll
    static void close() {
        admin.close();
        viewer.close();
    }

    LeakReportViewModel viewModel(GatewayClient client) {
        return new LeakReportViewModel(new SyncBackground(), client, capabilities, gw.clock(), changed::add);
    }

    record Issued(String appId, String appName, String clientId, String secretId, String value) {
    }

    static Issued issue(String description) {
        JsonNode app = gw.createAppWithSecret(GatewayFixture.unique("leaky"), description);
        JsonNode s = app.path("issuedSecret");
        return new Issued(app.path("id").asText(), app.path("name").asText(), app.path("clientId").asText(),
                s.path("id").asText(), s.path("secret").asText());
    }

    static String broken(String value) {
        char c = value.charAt(20) == 'a' ? 'b' : 'a';
        return value.substring(0, 20) + c + value.substring(21);
    }

    static void paste(LeakReportViewModel vm, String text) {
        char[] chars = text.toCharArray();
        vm.pasted().set(chars);
    }

    @Test
    void aPastedValueIsIdentifiedByItsHashAndTheBrokenCopyIsNotRecognised() {
        Issued issued = issue("prod rollout");
        LeakReportViewModel vm = viewModel(admin);

        paste(vm, broken(issued.value()));
        vm.scan();
        assertThat(vm.findings()).isEmpty();
        assertThat(vm.summaryProperty().get()).startsWith("No SecretDesk secret found in the pasted text")
                .contains("checksum");

        paste(vm, "2026-05-01 INFO connecting with client_secret=" + issued.value() + " to the gateway");
        vm.scan();
        assertThat(vm.findings()).hasSize(1);
        LeakFinding f = vm.findings().getFirst();
        assertThat(f.phaseProperty().get()).isEqualTo(LeakFinding.Phase.IDENTIFIED);
        assertThat(f.identification().state()).isEqualTo(SecretIdentification.State.ACTIVE);
        assertThat(f.identification().applicationName()).isEqualTo(issued.appName());
        assertThat(f.identification().description()).isEqualTo("prod rollout");
        assertThat(f.whereText()).isEqualTo("pasted text:1");
        assertThat(f.hintText()).startsWith(issued.value().substring(0, SecretFormat.HINT_LENGTH))
                .doesNotContain(issued.value().substring(SecretFormat.HINT_LENGTH, SecretFormat.HINT_LENGTH + 4));
        assertThat(f.actionable()).isTrue();
        assertThat(vm.summaryProperty().get()).isEqualTo("1 SecretDesk secret found in the pasted text.");
        // Identifying reports nothing: no leak mark, nothing in the audit.
        assertThat(gw.secretById(issued.appId(), issued.secretId()).path("leaked").asBoolean()).isFalse();
        assertThat(audit(issued.appId())).doesNotContain("leak.report");

        // What was pasted stays until the dialog closes, and is wiped then.
        assertThat(vm.pasted().length()).isGreaterThan(SecretFormat.LENGTH);
        vm.close();
        assertThat(vm.pasted().length()).isZero();
    }

    @Test
    void aValueOfNoSecretOfThisGatewayIsListedAsUnknownWithNothingToDo() {
        LeakReportViewModel vm = viewModel(admin);
        paste(vm, wellFormedStranger());
        vm.scan();
        LeakFinding f = vm.findings().getFirst();
        assertThat(f.identification().state()).isEqualTo(SecretIdentification.State.UNKNOWN);
        assertThat(f.messageProperty().get()).startsWith("Not a secret of this gateway");
        assertThat(f.actionable()).isFalse();
        List<IssuedSecret> none = new ArrayList<>();
        vm.rotate(f, (app, issued) -> none.add(issued));
        assertThat(none).isEmpty();
    }

    @Test
    void aFolderIsScannedAndItsFindingsNamedRelativeToIt() throws Exception {
        Issued issued = issue("prod rollout");
        Path repo = Files.createDirectories(dir.resolve("billing"));
        Files.createDirectories(repo.resolve("config"));
        Files.writeString(repo.resolve("README.md"), "# Billing\n\nsds_ is our prefix.\n");
        Files.writeString(repo.resolve("config/app.env"), "# billing\nCLIENT_ID=" + issued.clientId()
                + "\nCLIENT_SECRET=" + issued.value() + "\n");
        Files.writeString(repo.resolve("config/old.env"), "CLIENT_SECRET=" + broken(issued.value()) + "\n");
        Files.write(repo.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0});
        Files.writeString(repo.resolve("copy.txt"), "again: " + issued.value() + "\n");
        LeakReportViewModel vm = viewModel(admin);

        vm.addFolder(repo);
        vm.addFolder(repo.resolve("config/../config/.."));
        vm.addFiles(List.of(repo.resolve("config/app.env")));
        assertThat(vm.paths()).containsExactly(repo.toAbsolutePath().normalize(),
                repo.resolve("config/app.env").toAbsolutePath());
        assertThat(vm.isFolder(vm.paths().getFirst())).isTrue();
        assertThat(vm.isFolder(vm.paths().get(1))).isFalse();
        vm.scan();

        assertThat(vm.stateProperty().get()).isEqualTo(LeakReportViewModel.ScanState.DONE);
        assertThat(vm.findings()).hasSize(1); // one value, found twice; not the broken copy
        LeakFinding f = vm.findings().getFirst();
        assertThat(f.locations()).extracting(LeakFinding.Location::toString)
                .containsExactlyInAnyOrder("billing/config/app.env:3", "billing/copy.txt:1");
        assertThat(f.whereText()).endsWith(" and 1 more place");
        assertThat(f.identification().applicationName()).isEqualTo(issued.appName());
        assertThat(vm.summaryProperty().get()).isEqualTo("1 SecretDesk secret found in 4 files (1 binary, large "
                + "or unreadable file skipped).");

        Files.delete(repo.resolve("copy.txt"));
        Files.delete(repo.resolve("config/app.env"));
        vm.scan();
        assertThat(vm.findings()).isEmpty();
        assertThat(vm.summaryProperty().get()).startsWith("No SecretDesk secret found in 2 files (1 binary");
    }

    @Test
    void rotateNowReportsTheLeakRenewsWithTheGraceChosenAndTheOldValueStopsWhenItEnds() {
        Issued issued = issue("prod rollout");
        LeakReportViewModel vm = viewModel(admin);
        paste(vm, issued.value());
        vm.scan();
        LeakFinding f = vm.findings().getFirst();
        vm.graceProperty().set(LeakReportViewModel.GRACE_OPTIONS.get(1)); // 1 hour

        vm.rotate(f, (app, secret) -> {
            assertThat(app).isEqualTo(issued.appName());
            revealed.add(secret);
        });

        assertThat(f.phaseProperty().get()).isEqualTo(LeakFinding.Phase.ROTATED);
        assertThat(revealed).hasSize(1);
        String newValue = new String(revealed.getFirst().value().copyChars());
        assertThat(newValue).isNotEqualTo(issued.value());
        assertThat(f.messageProperty().get()).startsWith("Rotated. The leaked value keeps working until ");
        assertThat(changed).containsExactly(issued.appId());
        assertThat(f.actionable()).isFalse();
        // The incident is in the audit, with where it was found and by what, and the secret is no longer marked.
        assertThat(audit(issued.appId())).contains("leak.report", LeakReportViewModel.SOURCE, "secret.renew")
                .doesNotContain(issued.value());
        assertThat(gw.secretById(issued.appId(), issued.secretId()).path("leaked").asBoolean()).isFalse();

        assertThat(gw.token(issued.clientId(), issued.value()).status()).isEqualTo(200);
        gw.clock().advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(gw.token(issued.clientId(), issued.value()).status()).isEqualTo(401);
        assertThat(gw.token(issued.clientId(), newValue).status()).isEqualTo(200);
    }

    @Test
    void revokeReportsTheLeakAndDeletesTheSecretAfterTheConfirmation() {
        Issued issued = issue("prod rollout");
        String second = gw.createSecret(issued.appId(), "staging").path("secret").asText();
        LeakReportViewModel vm = viewModel(admin);
        paste(vm, issued.value() + "\n" + second);
        vm.scan();
        assertThat(vm.findings()).hasSize(2);
        LeakFinding f = vm.findings().getFirst();
        assertThat(f.locations().getFirst().line()).isEqualTo(1);
        assertThat(vm.findings().get(1).locations().getFirst().line()).isEqualTo(2);

        List<Boolean> asked = new ArrayList<>();
        vm.prepareRevoke(f, asked::add);
        assertThat(asked).containsExactly(false); // the application keeps its other secret
        assertThat(f.actionable()).isTrue();

        List<String> done = new ArrayList<>();
        vm.revoke(f, () -> done.add("done"), e -> done.add("failed " + e));
        assertThat(done).containsExactly("done");
        assertThat(f.phaseProperty().get()).isEqualTo(LeakFinding.Phase.REVOKED);
        assertThat(gw.secretById(issued.appId(), issued.secretId())).isNull();
        assertThat(gw.token(issued.clientId(), issued.value()).status()).isEqualTo(401);
        assertThat(gw.token(issued.clientId(), second).status()).isEqualTo(200);
        assertThat(audit(issued.appId())).contains("leak.report", "secret.delete");

        // The other one is now the application's last secret: the confirmation will say so.
        asked.clear();
        vm.prepareRevoke(vm.findings().get(1), asked::add);
        assertThat(asked).containsExactly(true);
    }

    @Test
    void aReadOnlyKeyIdentifiesButCannotActAndTheRowSaysWhyAndStaysUsable() {
        Issued issued = issue("prod rollout");
        LeakReportViewModel vm = viewModel(viewer);
        paste(vm, issued.value());
        vm.scan();
        LeakFinding f = vm.findings().getFirst();
        assertThat(f.identification().applicationName()).isEqualTo(issued.appName());

        vm.rotate(f, (app, secret) -> revealed.add(secret));

        assertThat(revealed).isEmpty();
        assertThat(f.failedProperty().get()).isTrue();
        assertThat(f.messageProperty().get()).contains("may not rotate the secret");
        assertThat(f.phaseProperty().get()).isEqualTo(LeakFinding.Phase.IDENTIFIED);
        assertThat(f.actionable()).isTrue(); // with another key, or after the cause is fixed, try again
        assertThat(vm.pasted().length()).isEqualTo(SecretFormat.LENGTH);
        assertThat(gw.token(issued.clientId(), issued.value()).status()).isEqualTo(200);
    }

    @Test
    void aSecretDeletedMeanwhileIsSaidSoAndTheMainWindowReloadsIt() {
        Issued issued = issue("prod rollout");
        gw.createSecret(issued.appId(), "second");
        LeakReportViewModel vm = viewModel(admin);
        paste(vm, issued.value());
        vm.scan();
        LeakFinding f = vm.findings().getFirst();
        expect(gw.delete("/api/v1/applications/" + issued.appId() + "/secrets/" + issued.secretId()), 204);

        vm.rotate(f, (app, secret) -> revealed.add(secret));

        assertThat(revealed).isEmpty();
        assertThat(f.messageProperty().get()).isEqualTo("The secret \u201cprod rollout\u201d no longer exists: "
                + "someone deleted it meanwhile. Scan again to see what the value is now.");
        assertThat(changed).containsExactly(issued.appId());
    }

    @Test
    void aScanCanBeCancelledAndReportsNothing() throws Exception {
        Files.writeString(dir.resolve("a.env"), "X=" + wellFormedStranger() + "\n");
        HeldBackground held = new HeldBackground();
        LeakReportViewModel vm = new LeakReportViewModel(held, admin, capabilities, gw.clock(), changed::add);
        vm.addFolder(dir);
        vm.scan();
        assertThat(vm.stateProperty().get()).isEqualTo(LeakReportViewModel.ScanState.SCANNING);
        assertThat(vm.canScanBinding().get()).isFalse();

        vm.cancel();
        held.runNext();

        assertThat(vm.stateProperty().get()).isEqualTo(LeakReportViewModel.ScanState.CANCELLED);
        assertThat(vm.findings()).isEmpty();
        assertThat(held.waiting()).isZero(); // nothing identified
        assertThat(vm.canScanBinding().get()).isTrue();

        // A folder that went away meanwhile: said plainly, the list kept.
        Path gone = Files.createTempDirectory("secretdesk-gone");
        vm.addFolder(gone);
        Files.delete(gone);
        vm.scan();
        held.runNext();
        assertThat(vm.stateProperty().get()).isEqualTo(LeakReportViewModel.ScanState.FAILED);
        assertThat(vm.errorProperty().get()).isEqualTo(gone + " no longer exists: remove it from the list and "
                + "scan again.");
        assertThat(vm.paths()).hasSize(2);
    }

    @Test
    void aGatewayThatCannotRenewOrKeepTheOldValueSaysWhy() {
        Capabilities limited = new Capabilities(EnumSet.of(Feature.LEAK_RESPONSE, Feature.DELETE_SECRET), 10,
                Map.of(Feature.RENEW, "This gateway cannot renew in place: delete and generate a new one."));
        LeakReportViewModel vm = new LeakReportViewModel(new SyncBackground(), admin, limited, gw.clock(),
                changed::add);
        assertThat(vm.graceOptions()).isEmpty();
        assertThat(vm.graceProperty().get()).isNull();
        assertThat(vm.rotateBlockedReason()).isEqualTo("This gateway cannot renew in place: delete and generate a "
                + "new one.");
        assertThat(vm.revokeBlockedReason()).isNull();
        assertThat(new Capabilities(EnumSet.noneOf(Feature.class), 10, Map.of()).explain(Feature.LEAK_RESPONSE))
                .isEqualTo(GatewayClient.NO_LEAK_RESPONSE);
    }

    private static String audit(String appId) {
        return expect(gw.get("/api/v1/audit?applicationId=" + appId), 200).json().path("items").toString();
    }

    /** A well-formed SecretDesk secret that no gateway issued. */
    static String wellFormedStranger() {
        char[] c = new char[SecretFormat.LENGTH];
        "sds_".getChars(0, 4, c, 0);
        byte[] random = new byte[SecretFormat.RANDOM_CHARS];
        new java.security.SecureRandom().nextBytes(random);
        for (int i = 0; i < random.length; i++) {
            c[4 + i] = SecretFormat.base62(Math.floorMod(random[i], 62));
        }
        SecretFormat.writeChecksum(c);
        String value = new String(c);
        gw.recordSensitive(value);
        assertThat(value.getBytes(StandardCharsets.US_ASCII)).hasSize(SecretFormat.LENGTH);
        return value;
    }
}
