package org.secretdesk.server.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.secretdesk.server.Randoms;

/**
 * The key every node of a cluster is given (a file with 32 random bytes in base64) that seals the shared key
 * material in the database with AES-256-GCM. The associated data names what a sealed value is (e.g.
 * {@code ca/<id>}), so a value cannot be moved to another row and still open. The key never leaves memory.
 */
public final class ClusterKey {

    /** Environment variable naming the key file when {@code --cluster-key-file} is not given. */
    public static final String ENV = "SECRETDESK_CLUSTER_KEY_FILE";
    private static final String FORMAT = "v1:";

    private final SecretKeySpec key;

    private ClusterKey(byte[] raw) {
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** Reads the key file; its content is 32 bytes in base64 (e.g. {@code head -c 32 /dev/urandom | base64}). */
    public static ClusterKey load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("The cluster key file " + file + " does not exist");
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("The cluster key file " + file + " must hold 32 bytes in base64 "
                    + "(create one with: head -c 32 /dev/urandom | base64 > FILE)");
        }
        if (raw.length != 32) {
            Arrays.fill(raw, (byte) 0);
            throw new IOException("The cluster key file " + file + " must hold exactly 32 bytes in base64, not "
                    + raw.length + " (create one with: head -c 32 /dev/urandom | base64 > FILE)");
        }
        try {
            return new ClusterKey(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** A fresh random key in the file format (for tests and first set-up). */
    public static String newKeyFileContent() {
        byte[] raw = Randoms.bytes(32);
        try {
            return Base64.getEncoder().encodeToString(raw) + "\n";
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** {@code plain} encrypted and authenticated, bound to {@code label}; text safe for a VARCHAR column. */
    public String seal(String label, byte[] plain) {
        try {
            byte[] nonce = Randoms.bytes(12);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(label.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain);
            byte[] out = new byte[nonce.length + ct.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(ct, 0, out, nonce.length, ct.length);
            return FORMAT + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal " + label, e);
        }
    }

    /** The plaintext of {@link #seal}; fails when the value was sealed with another cluster key or label. */
    public byte[] open(String label, String sealed) {
        if (sealed == null || !sealed.startsWith(FORMAT)) {
            throw new IllegalStateException("The stored " + label + " is not sealed in a known format");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(FORMAT.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            c.updateAAD(label.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(all, 12, all.length - 12);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot open the stored " + label + ": this node's cluster key is not the "
                    + "one the cluster was created with (give every node the same key file)");
        }
    }
}
