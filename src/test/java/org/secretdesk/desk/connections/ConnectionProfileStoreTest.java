package org.secretdesk.desk.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.pki.CertificateParseException;
import org.secretdesk.pki.Fingerprints;

class ConnectionProfileStoreTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T06:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsProfilesPinsAndTheLastSelection() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Round Trip CA", Duration.ofDays(10), CLOCK);
        ConnectionProfile a = ConnectionProfile.create("Production", GatewayKind.SECRETDESK, "https://gw.example.com:8443")
                .withPinnedCa(ca.certificate());
        ConnectionProfile b = ConnectionProfile.create("Local", GatewayKind.SECRETDESK, "http://127.0.0.1:8080");
        ConnectionProfileStore store = new ConnectionProfileStore(dir, CLOCK);
        store.save(List.of(a, b), b.id());

        ConnectionProfileStore.Loaded loaded = new ConnectionProfileStore(dir, CLOCK).load();
        assertThat(loaded.warning()).isNull();
        assertThat(loaded.profiles()).containsExactly(a, b);
        assertThat(loaded.lastSelected()).isEqualTo(b.id());
        assertThat(loaded.profiles().getFirst().pinnedCa()).contains(ca.certificate());
        String text = Files.readString(dir.resolve("profiles.json"));
        assertThat(text).contains("\"schemaVersion\" : 2").doesNotContain("key");
    }

    @Test
    void missingFileIsAnEmptyListWithoutWarning() {
        ConnectionProfileStore.Loaded loaded = new ConnectionProfileStore(dir, CLOCK).load();
        assertThat(loaded.profiles()).isEmpty();
        assertThat(loaded.warning()).isNull();
    }

    @Test
    void corruptFileIsBackedUpAndReported() throws Exception {
        Files.writeString(dir.resolve("profiles.json"), "{\"schemaVersion\":1,\"profiles\":[{\"id\":");
        ConnectionProfileStore.Loaded loaded = new ConnectionProfileStore(dir, CLOCK).load();
        assertThat(loaded.profiles()).isEmpty();
        assertThat(loaded.warning()).contains("not valid JSON").contains("profiles.json.bak-20261123-060000");
        assertThat(dir.resolve("profiles.json")).doesNotExist();
        assertThat(Files.readString(dir.resolve("profiles.json.bak-20261123-060000")))
                .startsWith("{\"schemaVersion\":1,\"profiles\":[{\"id\":");
    }

    @Test
    void kindSettingsRoundTripAndASchemaOneFileIsStillRead() throws Exception {
        ConnectionProfile keycloak = ConnectionProfile.create("SSO", GatewayKind.KEYCLOAK, "https://sso.example.com",
                GatewaySettings.keycloak("ops", "customers", null));
        ConnectionProfile gravitee = ConnectionProfile.create("AM", GatewayKind.GRAVITEE, "https://am.example.com",
                GatewaySettings.gravitee("admin", "ORG1", null, "payments"));
        ConnectionProfile dataMiner = ConnectionProfile.create("Cube", GatewayKind.DATAMINER,
                "https://agent.example.com/BrokerGateway", GatewaySettings.keycloak("stray", "stray", null));
        ConnectionProfileStore store = new ConnectionProfileStore(dir, CLOCK);
        store.save(List.of(keycloak, gravitee, dataMiner), keycloak.id());

        ConnectionProfileStore.Loaded loaded = store.load();
        assertThat(loaded.warning()).isNull();
        assertThat(loaded.profiles()).containsExactly(keycloak, gravitee, dataMiner);
        assertThat(loaded.profiles().get(0).settings()).isEqualTo(new GatewaySettings("ops", "customers", null, null,
                null, null));
        assertThat(loaded.profiles().get(1).settings().organization()).isEqualTo("ORG1");
        assertThat(loaded.profiles().get(1).settings().domain()).isEqualTo("payments");
        // Fields another kind uses are not kept: switching kinds leaves nothing stray in the file.
        assertThat(loaded.profiles().get(2).settings().isEmpty()).isTrue();
        assertThat(Files.readString(dir.resolve("profiles.json"))).doesNotContain("stray");

        Files.writeString(dir.resolve("profiles.json"), "{\"schemaVersion\":1,\"profiles\":[{\"id\":\"a\","
                + "\"name\":\"Old\",\"kind\":\"SECRETDESK\",\"url\":\"https://gw.example.com\"}],\"lastSelected\":\"a\"}");
        ConnectionProfileStore.Loaded old = store.load();
        assertThat(old.warning()).isNull();
        assertThat(old.profiles()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("Old");
            assertThat(p.settings().isEmpty()).isTrue();
        });
        assertThat(old.lastSelected()).isEqualTo("a");
    }

    @Test
    void newerSchemaIsBackedUpAndReportedNotDropped() throws Exception {
        String newer = "{\"schemaVersion\":3,\"profiles\":[],\"lastSelected\":null}";
        Files.writeString(dir.resolve("profiles.json"), newer);
        ConnectionProfileStore.Loaded loaded = new ConnectionProfileStore(dir, CLOCK).load();
        assertThat(loaded.warning()).contains("newer version").contains("bak-");
        assertThat(Files.readString(dir.resolve("profiles.json.bak-20261123-060000"))).isEqualTo(newer);
    }

    @Test
    void anInvalidProfileSetsTheFileAside() throws Exception {
        Files.writeString(dir.resolve("profiles.json"),
                "{\"schemaVersion\":1,\"profiles\":[{\"id\":\"x\",\"name\":\"n\",\"kind\":\"TELNET\",\"url\":\"u\"}]}");
        ConnectionProfileStore.Loaded loaded = new ConnectionProfileStore(dir, CLOCK).load();
        assertThat(loaded.warning()).contains("invalid");
        assertThat(dir.resolve("profiles.json.bak-20261123-060000")).exists();
    }

    @Test
    void aPinWhoseCertificateDoesNotMatchItsFingerprintIsRefused() throws Exception {
        CertificateAuthority one = CertificateAuthority.create("One", Duration.ofDays(10), CLOCK);
        CertificateAuthority two = CertificateAuthority.create("Two", Duration.ofDays(10), CLOCK);
        ConnectionProfile p = ConnectionProfile.create("x", GatewayKind.SECRETDESK, "https://h")
                .withPinnedCa(one.certificate());
        ConnectionProfile tampered = new ConnectionProfile(p.id(), p.name(), p.kind(), p.url(),
                Fingerprints.sha256(two.certificate()), p.pinnedCaPem());
        assertThatThrownBy(tampered::pinnedCa).isInstanceOf(CertificateParseException.class)
                .hasMessageContaining("does not match its fingerprint");
    }

    @Test
    void connectionsAddUpdateRemoveAndForgetTheStoredKey() throws Exception {
        InMemoryCredentialStore keychain = new InMemoryCredentialStore();
        Connections c = new Connections(new ConnectionProfileStore(dir, CLOCK), keychain, Duration.ofSeconds(1));
        c.load();
        ConnectionProfile p = ConnectionProfile.create("Staging", GatewayKind.SECRETDESK, "https://staging:8443");
        c.add(p);
        keychain.write(p.id(), SecretValue.copyOf("sdk_abc"));
        c.select(p);
        assertThatThrownBy(() -> c.add(ConnectionProfile.create("staging", GatewayKind.SECRETDESK, "https://x")))
                .hasMessageContaining("already called");
        c.update(p.withDetails("Staging EU", GatewayKind.SECRETDESK, "https://staging-eu:8443"));

        Connections again = new Connections(new ConnectionProfileStore(dir, CLOCK), keychain, Duration.ofSeconds(1));
        again.load();
        assertThat(again.lastSelected()).get().extracting(ConnectionProfile::name).isEqualTo("Staging EU");
        assertThat(again.storedKey(p)).isPresent();
        again.remove(p);
        assertThat(again.profiles()).isEmpty();
        assertThat(keychain.holds(p.id())).isFalse();
        assertThat(again.lastSelected()).isEmpty();
    }
}
