package org.secretdesk.server.token;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.secretdesk.pki.Pem;
import org.secretdesk.pki.SecureFiles;
import org.secretdesk.server.Randoms;

/** The ES256 key that signs access tokens, kept owner-only in the data dir, and its JWK. */
public final class SigningKeys implements TokenKeys {

    private final ECPrivateKey privateKey;
    private final ECPublicKey publicKey;
    private final String kid;

    /** A key read from PEM (e.g. opened from the cluster's database). */
    public static SigningKeys fromPem(String pem) throws GeneralSecurityException {
        ECPrivateKey ec = (ECPrivateKey) Pem.readPrivateKey(pem);
        return new SigningKeys(ec, publicFrom(ec));
    }

    /** A new random P-256 key. */
    public static SigningKeys generate() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        return new SigningKeys((ECPrivateKey) kp.getPrivate(), (ECPublicKey) kp.getPublic());
    }

    /** The private key as PKCS#8 PEM (to be sealed before it is stored). */
    public String privatePem() {
        return Pem.privateKey(privateKey);
    }

    /** A single key signs and is the only one published. */
    @Override
    public SigningKeys current() {
        return this;
    }

    @Override
    public java.util.List<SigningKeys> published() {
        return java.util.List.of(this);
    }

    private SigningKeys(ECPrivateKey privateKey, ECPublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.kid = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Arrays.copyOf(Randoms.sha256(publicKey.getEncoded()), 12));
    }

    public static SigningKeys loadOrCreate(Path file) throws IOException {
        try {
            if (Files.exists(file)) {
                String pem = Files.readString(file, StandardCharsets.US_ASCII);
                ECPrivateKey ec = (ECPrivateKey) Pem.readPrivateKey(pem);
                Optional<ECPublicKey> kept = Pem.readEcPublicKey(pem);
                if (kept.isPresent()) {
                    return new SigningKeys(ec, kept.get());
                }
                // Written by an older version, with the private key alone: derive the public key once and keep it.
                SigningKeys keys = new SigningKeys(ec, publicFrom(ec));
                write(file, keys.privateKey, keys.publicKey);
                return keys;
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            write(file, kp.getPrivate(), kp.getPublic());
            return new SigningKeys((ECPrivateKey) kp.getPrivate(), (ECPublicKey) kp.getPublic());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("Cannot load the token signing key " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The private key and its public key in one owner-only file: deriving the public key (a scalar multiplication,
     * interpreted in a cold JVM) was a measurable part of a gateway's start.
     */
    private static void write(Path file, PrivateKey privateKey, PublicKey publicKey) throws IOException {
        SecureFiles.writeOwnerOnly(file, (Pem.privateKey(privateKey) + Pem.publicKey(publicKey))
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static ECPublicKey publicFrom(ECPrivateKey priv) throws GeneralSecurityException {
        // Q = d·G, computed with BouncyCastle's EC arithmetic on the named curve.
        var spec = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName("secp256r1");
        var q = spec.getG().multiply(priv.getS()).normalize();
        var point = new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(),
                q.getAffineYCoord().toBigInteger());
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, priv.getParams()));
    }

    public ECPrivateKey privateKey() {
        return privateKey;
    }

    public ECPublicKey publicKey() {
        return publicKey;
    }

    public String kid() {
        return kid;
    }

    /** The public key as a JWK object (JSON text). */
    public String jwkJson() {
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"use\":\"sig\",\"alg\":\"ES256\",\"kid\":\"" + kid + "\",\"x\":\""
                + coordinate(publicKey.getW().getAffineX()) + "\",\"y\":\"" + coordinate(publicKey.getW().getAffineY())
                + "\"}";
    }

    private static String coordinate(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int len = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - len, out, 32 - len, len);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }
}
