package org.secretdesk.server.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.token.SigningKeys;
import org.secretdesk.server.token.TokenKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's token signing keys, kept sealed in the shared database so that a token from any node verifies
 * with the JWKS of any node. Rotation: a new key is added {@link #PUBLISH_LEAD} before it starts signing, so every
 * node has published it (they re-read the keys at least every minute, and at once on a cluster notification)
 * before any token signed with it exists; a replaced key stays published for {@link #RETIRE_AFTER} (longer than
 * the longest token lifetime) and is then deleted.
 */
public final class ClusterSigningKeys implements TokenKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSigningKeys.class);
    static final String KIND = "signing";
    public static final Duration ROTATE_AFTER = Duration.ofDays(30);
    public static final Duration PUBLISH_LEAD = Duration.ofMinutes(5);
    public static final Duration RETIRE_AFTER = Duration.ofDays(2);

    private record Entry(long notBefore, SigningKeys key) {
    }

    private final Database db;
    private final ClusterKey clusterKey;
    private final Clock clock;
    private volatile List<Entry> entries = List.of();

    private ClusterSigningKeys(Database db, ClusterKey clusterKey, Clock clock) {
        this.db = db;
        this.clusterKey = clusterKey;
        this.clock = clock;
    }

    /** Loads the keys; the first node on an empty database creates the first one. */
    public static ClusterSigningKeys open(Database db, ClusterKey clusterKey, Clock clock) {
        ClusterSigningKeys keys = new ClusterSigningKeys(db, clusterKey, clock);
        db.inTransaction(c -> {
            db.lockForTransaction(c, ClusterStore.KEY_MATERIAL_LOCK);
            if (ClusterStore.newest(c, KIND).isEmpty()) {
                keys.insertNew(c, clock.millis());
            }
            return null;
        });
        keys.refresh();
        return keys;
    }

    /** Re-reads the keys from the database (periodically, and when another node rotated them). */
    public void refresh() {
        List<ClusterStore.KeyRow> rows = db.read(c -> ClusterStore.keys(c, KIND));
        List<Entry> out = new ArrayList<>();
        for (ClusterStore.KeyRow row : rows) {
            byte[] pem = clusterKey.open(KIND + "/" + row.id(), row.sealedKey());
            try {
                out.add(new Entry(row.notBefore(), SigningKeys.fromPem(new String(pem, StandardCharsets.US_ASCII))));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IllegalStateException("The stored signing key " + row.id() + " is unreadable", e);
            } finally {
                Arrays.fill(pem, (byte) 0);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("The database holds no token signing key");
        }
        entries = List.copyOf(out);
    }

    /** The newest key whose {@code notBefore} has come. */
    @Override
    public SigningKeys current() {
        List<Entry> all = entries;
        long now = clock.millis();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).notBefore() <= now) {
                return all.get(i).key();
            }
        }
        return all.getFirst().key();
    }

    /** Every key not yet retired: the current one, older ones still within their tokens' lifetime, the next. */
    @Override
    public List<SigningKeys> published() {
        List<Entry> all = entries;
        long now = clock.millis();
        List<SigningKeys> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            boolean retired = i + 1 < all.size() && all.get(i + 1).notBefore() <= now - RETIRE_AFTER.toMillis();
            if (!retired) {
                out.add(all.get(i).key());
            }
        }
        return out;
    }

    /**
     * Adds a new key when the newest is older than {@link #ROTATE_AFTER} and deletes retired ones; returns true
     * when it changed the keys (the caller tells the other nodes).
     */
    public boolean rotateIfDue() {
        return rotate(false, PUBLISH_LEAD);
    }

    /** Adds a new key now that starts signing after {@code lead}; for an operator or a test. */
    public boolean rotateNow(Duration lead) {
        return rotate(true, lead);
    }

    private boolean rotate(boolean force, Duration lead) {
        boolean changed = db.inTransaction(c -> {
            db.lockForTransaction(c, ClusterStore.KEY_MATERIAL_LOCK);
            long now = clock.millis();
            List<ClusterStore.KeyRow> rows = ClusterStore.keys(c, KIND);
            boolean did = false;
            for (int i = 0; i + 1 < rows.size(); i++) {
                if (rows.get(i + 1).notBefore() <= now - RETIRE_AFTER.toMillis()) {
                    did |= ClusterStore.deleteKeysCreatedBefore(c, KIND, rows.get(i).createdAt() + 1,
                            rows.getLast().id()) > 0;
                }
            }
            if (force || rows.isEmpty() || rows.getLast().createdAt() <= now - ROTATE_AFTER.toMillis()) {
                insertNew(c, now + lead.toMillis());
                did = true;
                LOG.info("Added a new token signing key; it signs from {} on", java.time.Instant.ofEpochMilli(
                        now + lead.toMillis()));
            }
            return did;
        });
        if (changed) {
            refresh();
        }
        return changed;
    }

    private void insertNew(Connection c, long notBefore) throws SQLException {
        SigningKeys created;
        try {
            created = SigningKeys.generate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create a signing key", e);
        }
        byte[] pem = created.privatePem().getBytes(StandardCharsets.US_ASCII);
        try {
            ClusterStore.insertKey(c, KIND, new ClusterStore.KeyRow(created.kid(), clock.millis(), notBefore, null,
                    clusterKey.seal(KIND + "/" + created.kid(), pem)));
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }
}
