package org.secretdesk.server.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.server.Actor;
import org.secretdesk.server.ApiException;
import org.secretdesk.server.GatewayService;
import org.secretdesk.server.Randoms;
import org.secretdesk.server.store.IdempotencyStore;
import org.secretdesk.server.store.Store;
import org.secretdesk.server.store.StoreException;

/**
 * {@code Idempotency-Key} for issuing POSTs. The stored replay is encrypted with AES-GCM under a key derived
 * from the idempotency key (which is not stored), so the database never holds a usable plaintext secret.
 */
final class Idempotency {

    static final Duration WINDOW = GatewayService.IDEMPOTENCY_WINDOW;
    private static final String SALT = "secretdesk-idempotency-v1";

    @FunctionalInterface
    interface Work {
        ApiResponse run(GatewayService.Tx tx) throws java.sql.SQLException;
    }

    private final GatewayService service;
    private final Store store;

    Idempotency(GatewayService service, Store store) {
        this.service = service;
        this.store = store;
    }

    ApiResponse execute(Actor actor, String key, String method, String path, byte[] body, Work work) {
        if (key == null) {
            return service.write(actor, work::run);
        }
        if (!key.matches("[A-Za-z0-9_-]{22,128}")) {
            throw ApiException.validation("Idempotency-Key",
                    "Idempotency-Key must be 22-128 base64url characters (at least 128 random bits).");
        }
        byte[] keyBytes = key.getBytes(StandardCharsets.US_ASCII);
        String lookup = HexFormat.of().formatHex(Hkdf.derive(keyBytes, SALT, "lookup", 32));
        byte[] aesKey = Hkdf.derive(keyBytes, SALT, "encrypt", 32);
        String requestHash = requestHash(actor, method, path, body);
        try {
            return attempt(actor, lookup, aesKey, requestHash, work);
        } catch (StoreException e) {
            if (!e.isUniqueViolation()) {
                throw e;
            }
            // A concurrent request with the same key committed first: replay its result.
            return attempt(actor, lookup, aesKey, requestHash, work);
        } finally {
            java.util.Arrays.fill(aesKey, (byte) 0);
        }
    }

    private ApiResponse attempt(Actor actor, String lookup, byte[] aesKey, String requestHash, Work work) {
        return service.write(actor, tx -> {
            long now = tx.now().toEpochMilli();
            var existing = store.idempotency().find(tx.connection(), lookup);
            if (existing.isPresent()) {
                IdempotencyStore.IdempotencyRecord r = existing.get();
                if (r.createdAt() > now - WINDOW.toMillis()) {
                    // constant time like every other comparison of stored hashes with request-derived ones
                    if (!java.security.MessageDigest.isEqual(r.requestHash().getBytes(StandardCharsets.US_ASCII),
                            requestHash.getBytes(StandardCharsets.US_ASCII))) {
                        throw new ApiException(ProblemCode.IDEMPOTENCY_MISMATCH, "This Idempotency-Key was already "
                                + "used with a different request. Use a new key for a new request.");
                    }
                    return new ApiResponse(r.status(), decrypt(aesKey, r.response()), r.location(), r.etag());
                }
                store.idempotency().delete(tx.connection(), lookup);
            }
            ApiResponse response = work.run(tx);
            store.idempotency().insert(tx.connection(), lookup, new IdempotencyStore.IdempotencyRecord(actor.name(),
                    requestHash, now, response.status(), response.location(), response.etag(),
                    encrypt(aesKey, response.body())));
            return response;
        });
    }

    private static String requestHash(Actor actor, String method, String path, byte[] body) {
        byte[] head = (method + " " + path + "\n" + actor.name() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return HexFormat.of().formatHex(Randoms.sha256(all));
    }

    private static String encrypt(byte[] key, byte[] plain) {
        try {
            byte[] nonce = Randoms.bytes(12);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            byte[] ct = c.doFinal(plain);
            byte[] out = new byte[nonce.length + ct.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(ct, 0, out, nonce.length, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt the idempotency replay", e);
        }
    }

    private static byte[] decrypt(byte[] key, String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, all, 0, 12));
            return c.doFinal(all, 12, all.length - 12);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot decrypt the idempotency replay", e);
        }
    }
}
