package org.secretdesk.server.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.secretdesk.pki.SecureFiles;
import org.secretdesk.server.cluster.ClusterKey;

/**
 * Keeps the channels' credentials encrypted in the database as the cluster keeps its keys: AES-256-GCM under the
 * cluster key ({@link ClusterKey}), bound to the channel's id. A node alone (H2) has no cluster key: it uses a key
 * file of the same format, {@code channels.key} in its data dir (mode 0600, created on first start).
 */
public final class CredentialSeal {

    static final String KEY_FILE = "channels.key";

    private final ClusterKey key;

    private CredentialSeal(ClusterKey key) {
        this.key = key;
    }

    /** The cluster's key (every node has the same, so any node opens what another sealed). */
    public static CredentialSeal of(ClusterKey clusterKey) {
        return new CredentialSeal(clusterKey);
    }

    /** A lone node's key file in {@code dataDir}, created on first use. */
    public static CredentialSeal inDataDir(Path dataDir) throws IOException {
        Path file = dataDir.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            SecureFiles.createOwnerOnly(file, ClusterKey.newKeyFileContent().getBytes(StandardCharsets.US_ASCII));
        }
        return new CredentialSeal(ClusterKey.load(file));
    }

    String seal(String channelId, byte[] credential) {
        return key.seal(label(channelId), credential);
    }

    /** The credential's bytes; the caller wipes them after use. */
    byte[] open(String channelId, String sealed) {
        return key.open(label(channelId), sealed);
    }

    private static String label(String channelId) {
        return "channel/" + channelId;
    }
}
