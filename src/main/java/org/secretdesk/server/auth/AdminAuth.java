package org.secretdesk.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.SecureFiles;
import org.secretdesk.server.AdminKeySpec;
import org.secretdesk.server.Randoms;

/**
 * The admin API keys a node accepts, held only as SHA-256 hashes. A presented key is compared with every
 * configured hash in fixed time.
 */
public final class AdminAuth {

    private record Entry(String name, AdminKeySpec.Role role, byte[] hash) {
    }

    private final List<Entry> entries;

    private AdminAuth(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static AdminAuth of(List<AdminKeySpec> specs) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (AdminKeySpec s : specs) {
            byte[] hash;
            if (s.keyFile() != null) {
                String key = Files.readString(s.keyFile(), StandardCharsets.UTF_8).strip();
                if (key.length() < 20) {
                    throw new IOException("The admin key file for '" + s.name() + "' (" + s.keyFile()
                            + ") holds no usable key (at least 20 characters).");
                }
                hash = Randoms.sha256(key.getBytes(StandardCharsets.UTF_8));
            } else {
                try {
                    hash = HexFormat.of().parseHex(s.sha256());
                } catch (IllegalArgumentException e) {
                    throw new IOException("The sha256 of admin key '" + s.name() + "' is not hex.");
                }
                if (hash.length != 32) {
                    throw new IOException("The sha256 of admin key '" + s.name() + "' must be 64 hex characters.");
                }
            }
            out.add(new Entry(s.name(), s.role(), hash));
        }
        return new AdminAuth(out);
    }

    /**
     * Reads {@code file} or creates it (owner-only) with a new key; returns its spec as the {@code admin} key. An
     * existing file that others may read is refused ({@link SecureFiles#requireOwnerOnly}).
     */
    public static AdminKeySpec ensureAdminKeyFile(Path file) throws IOException {
        if (Files.exists(file)) {
            SecureFiles.requireOwnerOnly(file);
        } else {
            SecretValue key = Randoms.newAdminKey();
            byte[] bytes = key.utf8();
            try {
                byte[] withNewline = java.util.Arrays.copyOf(bytes, bytes.length + 1);
                withNewline[bytes.length] = '\n';
                SecureFiles.writeOwnerOnly(file, withNewline);
                java.util.Arrays.fill(withNewline, (byte) 0);
            } finally {
                java.util.Arrays.fill(bytes, (byte) 0);
                key.destroy();
            }
        }
        return new AdminKeySpec("admin", AdminKeySpec.Role.ADMIN, file, null);
    }

    /** The key's name and role, or empty for an unknown key. */
    public Optional<Identity> authenticate(String presented) {
        byte[] hash = Randoms.sha256(presented.getBytes(StandardCharsets.UTF_8));
        Entry match = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(hash, e.hash) && match == null) {
                match = e;
            }
        }
        return match == null ? Optional.empty() : Optional.of(new Identity(match.name, match.role));
    }

    public record Identity(String name, AdminKeySpec.Role role) {
    }
}
