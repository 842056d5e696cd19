package org.secretdesk.server.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.pki.Pem;
import org.secretdesk.pki.SecureFiles;

/** One node's CA in its data dir: {@code ca.pem}, {@code ca.key} (owner-only) and {@code ca-history/}. */
public final class FileCaStore implements CaStore {

    private final Path dataDir;
    private final java.time.Clock clock;

    public FileCaStore(Path dataDir, java.time.Clock clock) {
        this.dataDir = dataDir;
        this.clock = clock;
    }

    @Override
    public CertificateAuthority loadOrCreate(Creator creator) throws IOException {
        Path caPem = dataDir.resolve("ca.pem");
        Path caKey = dataDir.resolve("ca.key");
        if (Files.exists(caPem) && Files.exists(caKey)) {
            return current();
        }
        CertificateAuthority created = creator.create();
        write(created);
        return created;
    }

    @Override
    public CertificateAuthority current() throws IOException {
        try {
            var cert = Pem.readCertificates(Files.readAllBytes(dataDir.resolve("ca.pem"))).getFirst();
            return CertificateAuthority.load(cert,
                    Pem.readPrivateKey(Files.readString(dataDir.resolve("ca.key"), StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IOException("Cannot read the gateway CA in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void rotate(CertificateAuthority previous, CertificateAuthority next) throws IOException {
        Path dir = dataDir.resolve("ca-history");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ca-" + clock.millis() + ".pem"),
                Pem.certificates(List.of(previous.certificate())));
        write(next);
    }

    private void write(CertificateAuthority ca) throws IOException {
        SecureFiles.writeOwnerOnly(dataDir.resolve("ca.key"),
                Pem.privateKey(ca.privateKey()).getBytes(StandardCharsets.US_ASCII));
        Files.writeString(dataDir.resolve("ca.pem"), Pem.certificates(List.of(ca.certificate())));
    }

    @Override
    public String describe() {
        return dataDir.resolve("ca.pem").toString();
    }
}
