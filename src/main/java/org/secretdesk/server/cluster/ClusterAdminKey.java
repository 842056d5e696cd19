package org.secretdesk.server.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.secretdesk.pki.SecureFiles;
import org.secretdesk.server.AdminKeySpec;
import org.secretdesk.server.auth.AdminAuth;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generated {@code admin} key of a cluster. The first node creates it in its own {@code admin.key} (as a
 * single node does) and stores only its SHA-256 hash in the database; every node accepts that hash, so the key
 * works through any node. A node whose own {@code admin.key} holds another key ignores that file with a warning.
 */
public final class ClusterAdminKey {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterAdminKey.class);

    private ClusterAdminKey() {
    }

    public static AdminKeySpec resolve(Database db, Path adminKeyFile, long now) throws IOException {
        if (Files.exists(adminKeyFile)) {
            SecureFiles.requireOwnerOnly(adminKeyFile); // it holds the key, whether or not this node created it
        }
        try {
            return db.inTransaction(c -> {
                db.lockForTransaction(c, ClusterStore.KEY_MATERIAL_LOCK);
                var row = ClusterStore.adminKey(c, "admin");
                String localHash = Files.exists(adminKeyFile) ? hashOf(adminKeyFile) : null;
                if (row.isPresent()) {
                    if (localHash != null && !localHash.equals(row.get().sha256())) {
                        LOG.warn("{} holds a key that is not the cluster's admin key; it is ignored. The cluster's "
                                + "admin key is in the admin.key of the node that created the cluster.", adminKeyFile);
                    }
                    return new AdminKeySpec("admin", AdminKeySpec.Role.ADMIN, null, row.get().sha256());
                }
                boolean fresh = localHash == null;
                AdminKeySpec spec;
                try {
                    spec = AdminAuth.ensureAdminKeyFile(adminKeyFile);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                String hash = hashOf(spec.keyFile());
                ClusterStore.insertAdminKey(c, new ClusterStore.AdminKeyRow("admin", "ADMIN", hash), now);
                if (fresh) {
                    LOG.info("Created the cluster's admin API key (name 'admin') in {}", adminKeyFile.toAbsolutePath());
                }
                return new AdminKeySpec("admin", AdminKeySpec.Role.ADMIN, null, hash);
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } catch (StoreException e) {
            throw new IOException("Cannot read the cluster's admin key from the database: " + e.getMessage(), e);
        }
    }

    private static String hashOf(Path file) {
        try {
            // AdminAuth reads and checks the file exactly as for a single node.
            AdminAuth.of(java.util.List.of(new AdminKeySpec("admin", AdminKeySpec.Role.ADMIN, file, null)));
            String key = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).strip();
            return HexFormat.of().formatHex(org.secretdesk.server.Randoms.sha256(
                    key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
