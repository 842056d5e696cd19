package org.secretdesk.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.NewApplication;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.ConnectionProfileStore;
import org.secretdesk.desk.connections.Connections;
import org.secretdesk.desk.connections.Fingerprint;
import org.secretdesk.desk.connections.GatewayKind;
import org.secretdesk.desk.connections.InMemoryCredentialStore;
import org.secretdesk.desk.connections.UntrustedChainException;
import org.secretdesk.model.CaInfo;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.Fingerprints;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.ui.testing.SyncBackground;

/** Rotation blocked by secrets, forced after the typed confirmation, then re-pinned through the prompt. */
class CaRotationViewModelTest {

    @TempDir
    Path dir;

    @Test
    void blockedUntilTypedThenRotatedAndTheNextConnectionAsksToTrustTheNewCa() throws Exception {
        try (GatewayServer server = GatewayServer.start(GatewayConfig.defaults(dir.resolve("gw")).withPort(0))) {
            SecretValue key = SecretValue.wrap(new String(Files.readAllBytes(server.adminKeyFile()),
                    StandardCharsets.UTF_8).strip().toCharArray());
            Connections connections = new Connections(new ConnectionProfileStore(dir.resolve("c"), Clock.systemUTC()),
                    new InMemoryCredentialStore(), Duration.ofSeconds(5));
            connections.load();
            ConnectionProfile profile = ConnectionProfile.create("gw", GatewayKind.SECRETDESK, server.baseUri().toString());
            connections.add(profile);
            profile = connections.trust(profile, server.caCertificate());
            String oldFp = Fingerprints.sha256(server.caCertificate());
            try (org.secretdesk.client.GatewayClient client = connections.open(profile, key)) {
                client.createApplication(new NewApplication("billing", "Billing", List.of(), "Default"));
                CaRotationViewModel vm = new CaRotationViewModel(client, new SyncBackground());
                vm.load();
                assertThat(vm.blocked()).isTrue();
                assertThat(vm.secretCountProperty().get()).isEqualTo(1);
                assertThat(vm.blockedReason()).startsWith("1 client secret exists; external clients trust this CA");
                assertThat(vm.canRotate().get()).isFalse();
                vm.typedConfirmationProperty().set("rotate");
                assertThat(vm.canRotate().get()).isFalse();
                vm.typedConfirmationProperty().set("ROTATE ");
                assertThat(vm.canRotate().get()).isFalse();
                vm.typedConfirmationProperty().set("ROTATE");
                assertThat(vm.canRotate().get()).isTrue();
                CaInfo[] rotated = new CaInfo[1];
                vm.rotate(ca -> rotated[0] = ca);
                assertThat(rotated[0]).isNotNull();
                assertThat(rotated[0].sha256Fingerprint()).isNotEqualTo(oldFp);
                assertThat(vm.canRotate().get()).isFalse();

                ConnectionProfile pinnedToOld = profile;
                UntrustedChainException changed = catchThrowableOfType(UntrustedChainException.class,
                        () -> connections.open(pinnedToOld, key));
                assertThat(changed.pinnedFingerprint()).isEqualTo(oldFp);
                assertThat(Fingerprint.same(changed.presentedFingerprint(), rotated[0].sha256Fingerprint())).isTrue();
            }
        }
    }
}
