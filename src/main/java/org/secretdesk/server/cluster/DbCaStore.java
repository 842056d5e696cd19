package org.secretdesk.server.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.pki.Fingerprints;
import org.secretdesk.pki.Pem;
import org.secretdesk.server.ca.CaStore;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.store.StoreException;

/**
 * The cluster's root CA in the shared database: the certificate in clear, the private key sealed with the
 * cluster key. Every node issues its own TLS server certificate from it, so clients trust one CA whichever node
 * answers.
 */
public final class DbCaStore implements CaStore {

    static final String KIND = "ca";

    private final Database db;
    private final ClusterKey key;
    private final java.time.Clock clock;

    public DbCaStore(Database db, ClusterKey key, java.time.Clock clock) {
        this.db = db;
        this.key = key;
        this.clock = clock;
    }

    @Override
    public CertificateAuthority loadOrCreate(Creator creator) throws IOException {
        try {
            return db.inTransaction(c -> {
                // Two nodes starting together on an empty database must not create two CAs.
                db.lockForTransaction(c, ClusterStore.KEY_MATERIAL_LOCK);
                var row = ClusterStore.newest(c, KIND);
                if (row.isPresent()) {
                    return open(row.get());
                }
                CertificateAuthority created = creator.create();
                ClusterStore.insertKey(c, KIND, seal(created));
                return created;
            });
        } catch (StoreException | IllegalStateException e) {
            throw new IOException("Cannot load the cluster CA from the database: " + e.getMessage(), e);
        }
    }

    @Override
    public CertificateAuthority current() throws IOException {
        try {
            var row = db.read(c -> ClusterStore.newest(c, KIND));
            if (row.isEmpty()) {
                throw new IOException("The database holds no CA");
            }
            return open(row.get());
        } catch (StoreException | IllegalStateException e) {
            throw new IOException("Cannot load the cluster CA from the database: " + e.getMessage(), e);
        }
    }

    @Override
    public void rotate(CertificateAuthority previous, CertificateAuthority next) throws IOException {
        try {
            db.inTransaction(c -> {
                db.lockForTransaction(c, ClusterStore.KEY_MATERIAL_LOCK);
                ClusterStore.insertKey(c, KIND, seal(next));
                return null;
            });
        } catch (StoreException e) {
            throw new IOException("Cannot store the new CA: " + e.getMessage(), e);
        }
    }

    private ClusterStore.KeyRow seal(CertificateAuthority ca) {
        String id = Fingerprints.sha256(ca.certificate()).replace(":", "").toLowerCase(java.util.Locale.ROOT)
                .substring(0, 40);
        byte[] pem = Pem.privateKey(ca.privateKey()).getBytes(StandardCharsets.US_ASCII);
        try {
            long now = clock.millis();
            return new ClusterStore.KeyRow(id, now, now, Pem.certificates(List.of(ca.certificate())),
                    key.seal(KIND + "/" + id, pem));
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }

    private CertificateAuthority open(ClusterStore.KeyRow row) {
        byte[] pem = key.open(KIND + "/" + row.id(), row.sealedKey());
        try {
            var cert = Pem.readCertificates(row.certificate().getBytes(StandardCharsets.US_ASCII)).getFirst();
            return CertificateAuthority.load(cert, Pem.readPrivateKey(new String(pem, StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException("The stored CA " + row.id() + " is unreadable", e);
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }

    @Override
    public String describe() {
        return "shared database, private key sealed with the cluster key";
    }
}
