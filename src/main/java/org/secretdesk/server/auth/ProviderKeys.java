package org.secretdesk.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.secretdesk.pki.Pem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys a secret-scanning provider signs its leak reports with, read from a file in the format GitHub
 * serves them at {@code https://api.github.com/meta/public_keys/secret_scanning}:
 * {@code {"public_keys":[{"key_identifier":"<hex>","key":"-----BEGIN PUBLIC KEY-----…","is_current":true}]}}.
 * The gateway never fetches them itself; an operator puts the file in place and replaces it when the provider
 * rotates its keys: a changed file is read again at the next report (a broken one is ignored with a warning, the
 * keys read before stay). Only ECDSA P-256 keys are accepted; a report's signature is ECDSA with SHA-256 over the
 * raw request body, base64 of its DER form.
 */
public final class ProviderKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderKeys.class);
    private static final long MAX_FILE_BYTES = 256 * 1024;
    private static final ECParameterSpec P256 = p256();

    private final Path file;
    private volatile Loaded loaded;

    private record Loaded(FileTime modified, long size, Map<String, ECPublicKey> keys) {
    }

    private ProviderKeys(Path file, Loaded loaded) {
        this.file = file;
        this.loaded = loaded;
    }

    /**
     * Reads the file now.
     *
     * @throws IOException when it cannot be read or holds no usable P-256 key; the message names the file
     */
    public static ProviderKeys load(Path file) throws IOException {
        return new ProviderKeys(file, read(file));
    }

    /** How many keys are configured (for the start-up log). */
    public int size() {
        return loaded.keys().size();
    }

    /** True when {@code signature} (base64 DER) is the key {@code keyId}'s ECDSA-SHA256 signature of {@code body}. */
    public boolean verify(String keyId, String signature, byte[] body) {
        if (keyId == null || signature == null || keyId.length() > 200 || signature.length() > 400) {
            return false;
        }
        ECPublicKey key = current().keys().get(keyId.strip());
        if (key == null) {
            return false;
        }
        try {
            byte[] der = Base64.getDecoder().decode(signature.strip());
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(body);
            return verifier.verify(der);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    private Loaded current() {
        Loaded now = loaded;
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (!modified.equals(now.modified()) || size != now.size()) {
                now = read(file);
                loaded = now;
                LOG.info("Read {} secret-scanning public key(s) from {} again", now.keys().size(), file);
            }
        } catch (IOException e) {
            LOG.warn("Could not read the secret-scanning public keys again ({}); using the {} read before",
                    e.getMessage(), now.keys().size());
        }
        return now;
    }

    private static Loaded read(Path file) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException("The secret-scanning public keys file " + file + " is larger than 256 KiB");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException("The secret-scanning public keys file " + file + " is not valid JSON");
        }
        JsonNode list = root == null ? null : root.get("public_keys");
        if (list == null || !list.isArray()) {
            throw new IOException("The secret-scanning public keys file " + file + " has no \"public_keys\" list "
                    + "(save https://api.github.com/meta/public_keys/secret_scanning as it is)");
        }
        Map<String, ECPublicKey> keys = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String id = entry.path("key_identifier").asText("").strip();
            String pem = entry.path("key").asText("");
            if (id.isEmpty()) {
                throw new IOException("public_keys[" + i + "] in " + file + " has no key_identifier");
            }
            ECPublicKey key;
            try {
                key = Pem.readEcPublicKey(pem).orElseThrow(() -> new IllegalArgumentException("no PUBLIC KEY"));
            } catch (IllegalArgumentException e) {
                throw new IOException("public_keys[" + i + "] in " + file + " is not an EC public key in PEM");
            }
            if (!isP256(key)) {
                throw new IOException("public_keys[" + i + "] in " + file + " is not a P-256 key");
            }
            keys.put(id, key);
        }
        if (keys.isEmpty()) {
            throw new IOException("The secret-scanning public keys file " + file + " lists no key");
        }
        return new Loaded(modified, size, Map.copyOf(keys));
    }

    private static boolean isP256(ECPublicKey key) {
        ECParameterSpec p = key.getParams();
        return p.getOrder().equals(P256.getOrder()) && p.getCurve().equals(P256.getCurve())
                && p.getGenerator().equals(P256.getGenerator());
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java runtime has no P-256", e);
        }
    }
}
