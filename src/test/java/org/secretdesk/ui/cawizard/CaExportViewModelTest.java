package org.secretdesk.ui.cawizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.desk.ca.CaFileFormat;
import org.secretdesk.desk.ca.DataMinerBundle;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.pki.CertificateDetails;
import org.secretdesk.pki.Fingerprints;
import org.secretdesk.pki.KeyAndCertificate;
import org.secretdesk.pki.Pem;
import org.secretdesk.ui.testing.SyncBackground;

/** The wizard's rules without the toolkit. */
class CaExportViewModelTest {

    static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private CaExportViewModel vm(CaSources sources) {
        return new CaExportViewModel(new SyncBackground(), CLOCK, sources);
    }

    private Path pemFile(String name, List<java.security.cert.X509Certificate> certs) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, Pem.certificates(certs));
        return f;
    }

    @Test
    void aChainFileSelectsTheRootAndThePagesValidateInTurn() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Chain Root", Duration.ofDays(30), CLOCK);
        KeyAndCertificate server = ca.issueServerCertificate("srv", List.of("srv.example"), List.of(),
                Duration.ofDays(10), CLOCK);
        CaExportViewModel vm = vm(CaSources.none());
        assertThat(vm.sourceComplete().get()).isFalse();
        vm.loadFile(pemFile("chain.pem", server.chain()));
        assertThat(vm.chain()).hasSize(2);
        assertThat(vm.selectedProperty().get()).isEqualTo(ca.certificate());
        assertThat(vm.sourceComplete().get()).isTrue();
        assertThat(vm.fileNameProperty().get()).isEqualTo("chain-root.pem");

        assertThat(vm.reviewComplete().get()).isFalse();
        vm.fingerprintConfirmedProperty().set(true);
        assertThat(vm.reviewComplete().get()).isTrue();
        // Picking another certificate of the chain needs a new comparison.
        vm.selectedProperty().set(server.chain().getFirst());
        assertThat(vm.reviewComplete().get()).isFalse();
    }

    @Test
    void aPastedFingerprintIsComparedIgnoringCaseAndColonsAndAMismatchBlocks() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Pasted", Duration.ofDays(30), CLOCK);
        CaExportViewModel vm = vm(CaSources.none());
        vm.loadFile(pemFile("ca.pem", List.of(ca.certificate())));
        vm.fingerprintConfirmedProperty().set(true);
        String fp = Fingerprints.sha256(ca.certificate());
        vm.expectedFingerprintProperty().set(fp.replace(":", "").toLowerCase());
        assertThat(vm.fingerprintCheck()).isEqualTo(CaExportViewModel.FingerprintCheck.MATCHES);
        assertThat(vm.reviewComplete().get()).isTrue();
        vm.expectedFingerprintProperty().set("00" + fp.substring(2));
        assertThat(vm.fingerprintCheck()).isEqualTo(CaExportViewModel.FingerprintCheck.DIFFERENT);
        assertThat(vm.reviewComplete().get()).isFalse();
        vm.expectedFingerprintProperty().set("12:34");
        assertThat(vm.fingerprintCheck()).isEqualTo(CaExportViewModel.FingerprintCheck.INVALID);
        assertThat(vm.reviewComplete().get()).isFalse();
    }

    @Test
    void expiredAndNotYetValidCertificatesAreFlagged() throws Exception {
        CertificateAuthority old = CertificateAuthority.create("Old", Duration.ofDays(10),
                Clock.fixed(NOW.minus(Duration.ofDays(40)), ZoneOffset.UTC));
        CertificateAuthority future = CertificateAuthority.create("Future", Duration.ofDays(10),
                Clock.fixed(NOW.plus(Duration.ofDays(5)), ZoneOffset.UTC));
        CaExportViewModel vm = vm(CaSources.none());
        vm.loadFile(pemFile("old.pem", List.of(old.certificate())));
        assertThat(vm.validity()).isEqualTo(CertificateDetails.Validity.EXPIRED);
        assertThat(vm.validityProblem()).startsWith("Expired on");
        vm.loadFile(pemFile("future.pem", List.of(future.certificate())));
        assertThat(vm.validity()).isEqualTo(CertificateDetails.Validity.NOT_YET_VALID);
        assertThat(vm.validityProblem()).startsWith("Not valid until");
        CertificateAuthority fine = CertificateAuthority.create("Fine", Duration.ofDays(10), CLOCK);
        vm.loadFile(pemFile("fine.pem", List.of(fine.certificate())));
        assertThat(vm.validityProblem()).isEmpty();
    }

    @Test
    void garbageMissingFilesAndBadUrlsGiveOneLineAndNoCertificate() throws Exception {
        CaExportViewModel vm = vm(CaSources.none());
        Path garbage = dir.resolve("garbage.pem");
        Files.write(garbage, new byte[] {0x01, 0x02, (byte) 0xff, 0x00, 0x41});
        vm.loadFile(garbage);
        assertThat(vm.sourceErrorProperty().get()).contains("neither a PEM nor a DER").doesNotContain("\n");
        assertThat(vm.sourceComplete().get()).isFalse();
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, this is not a certificate");
        vm.loadFile(text);
        assertThat(vm.sourceErrorProperty().get()).contains("no PEM block");
        vm.loadFile(dir.resolve("missing.pem"));
        assertThat(vm.sourceErrorProperty().get()).contains("does not exist");
        vm.sourceProperty().set(CaExportViewModel.Source.URL);
        vm.urlProperty().set("http://example.com");
        vm.load();
        assertThat(vm.sourceErrorProperty().get()).contains("plain HTTP");
        vm.urlProperty().set("");
        vm.load();
        assertThat(vm.sourceErrorProperty().get()).contains("https://");
    }

    @Test
    void formatPageRules() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Rules", Duration.ofDays(30), CLOCK);
        CaExportViewModel vm = vm(CaSources.none());
        vm.loadFile(pemFile("ca.pem", List.of(ca.certificate())));
        assertThat(vm.formatProblem().get()).contains("folder");
        vm.folderProperty().set(dir);
        assertThat(vm.formatComplete().get()).isTrue();
        vm.fileNameProperty().set("a/b.pem");
        assertThat(vm.formatComplete().get()).isFalse();
        vm.fileNameProperty().set("rules.crt");
        vm.formatProperty().set(CaFileFormat.PKCS12);
        assertThat(vm.fileNameProperty().get()).isEqualTo("rules.p12");
        assertThat(vm.formatProblem().get()).contains("password");
        vm.password().set("secret1".toCharArray());
        vm.passwordConfirm().set("secret2".toCharArray());
        assertThat(vm.formatProblem().get()).contains("differ");
        vm.passwordConfirm().set("secret1".toCharArray());
        assertThat(vm.formatComplete().get()).isTrue();
        vm.dataMinerBundleProperty().set(true);
        assertThat(vm.formatProblem().get()).contains("host name");
        vm.fqdnProperty().set("dma01.example.com");
        assertThat(vm.formatComplete().get()).isTrue();
        vm.formatProperty().set(CaFileFormat.PEM);
        assertThat(vm.fileNameProperty().get()).isEqualTo("rules.pem");
    }

    @Test
    void exportNeverReplacesWithoutAskingAndWritesTheBundleWithTheClientSecret() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Bundle", Duration.ofDays(30), CLOCK);
        CaExportViewModel vm = vm(new CaSources(null, null, null, SecretValue.copyOf("sds_top\"secret")));
        vm.loadFile(pemFile("src.pem", List.of(ca.certificate())));
        Path out = Files.createDirectory(dir.resolve("out"));
        vm.folderProperty().set(out);
        vm.dataMinerBundleProperty().set(true);
        vm.fqdnProperty().set("dma01.example.com");
        vm.apiKeyPathProperty().set("C:\\keys\\client-secret.json");
        Files.writeString(out.resolve("bundle.pem"), "keep");

        boolean[] done = {false};
        vm.export(existing -> false, () -> done[0] = true);
        assertThat(done[0]).isFalse();
        assertThat(Files.readString(out.resolve("bundle.pem"))).isEqualTo("keep");
        assertThat(out.resolve(DataMinerBundle.CONFIG_FILE_NAME)).doesNotExist();
        assertThat(vm.exportErrorProperty().get()).contains("Nothing was written");

        vm.export(existing -> existing.equals(List.of(out.resolve("bundle.pem"))), () -> done[0] = true);
        assertThat(done[0]).isTrue();
        assertThat(Pem.readCertificates(Files.readAllBytes(out.resolve("bundle.pem")))).containsExactly(ca.certificate());
        assertThat(Files.readString(out.resolve(DataMinerBundle.CONFIG_FILE_NAME), StandardCharsets.UTF_8))
                .isEqualTo("{\"BrokerGatewayConfig\":{\"CredentialsUrl\":\"https://dma01.example.com/BrokerGateway"
                        + "/api/natsconnection/getnatsconnectiondetails\",\"APIKeyPath\":\"C:\\\\keys\\\\client-secret.json\"}}");
        assertThat(Files.readString(out.resolve(DataMinerBundle.CLIENT_SECRET_FILE_NAME)).strip())
                .isEqualTo("{\"APIKeys\":[{\"Key\":\"sds_top\\\"secret\",\"Name\":\"ClientSecret\"}]}");
        assertThat(vm.written()).containsExactly(out.resolve("bundle.pem"), out.resolve(DataMinerBundle.CONFIG_FILE_NAME),
                out.resolve(DataMinerBundle.CLIENT_SECRET_FILE_NAME));
        if (Files.getFileStore(out).supportsFileAttributeView("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(out.resolve(DataMinerBundle.CLIENT_SECRET_FILE_NAME))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void aTypedFolderIsUsedAndAMissingOneIsNamedWithoutWritingAnything() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Typed", Duration.ofDays(30), CLOCK);
        CaExportViewModel vm = vm(CaSources.none());
        vm.loadFile(pemFile("typed.pem", List.of(ca.certificate())));
        vm.setFolderText("relative/folder");
        assertThat(vm.folderProperty().get()).isNull();
        assertThat(vm.formatProblem().get()).contains("full path of the folder");
        vm.setFolderText("  " + dir + "  ");
        assertThat(vm.folderProperty().get()).isEqualTo(dir);
        assertThat(CaExportViewModel.parseFolder("~")).isEqualTo(org.secretdesk.desk.DataDirectory.home());

        Path missing = dir.resolve("not-there");
        vm.setFolderText(missing.toString());
        assertThat(vm.formatComplete().get()).isTrue(); // checked when writing, off the UI thread
        boolean[] done = {false};
        vm.export(existing -> true, () -> done[0] = true);
        assertThat(done[0]).isFalse();
        assertThat(vm.exportErrorProperty().get())
                .isEqualTo("The folder " + missing + " does not exist: type another one or choose one.");
        assertThat(missing).doesNotExist();
    }
}
