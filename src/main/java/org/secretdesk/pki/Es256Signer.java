package org.secretdesk.pki;

import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * ES256 signatures as JWS wants them (RFC 7518 §3.4: ECDSA on P-256 with SHA-256, the signature as R and S of 32
 * bytes each), made with BouncyCastle's P-256.
 *
 * <p>Why not the JDK's {@code SHA256withECDSAinP1363Format}: on the benchmark machine it takes about 210 µs per
 * signature, BouncyCastle about 95 µs (its P-256 field arithmetic and a fixed-point comb multiplier for the base
 * point), and signing was two thirds of the CPU of a token (docs/benchmarks.md). Side channels: the base-point
 * multiplier's table lookups touch every entry and it runs the same number of steps for every scalar, the inverse of
 * the nonce is BouncyCastle's constant-time odd-modulus inverse, and the nonce is derived deterministically from the
 * key and the message (RFC 6979, HMAC-SHA-256), so it does not depend on a random generator at all.
 *
 * <p>Thread-safe: signers hold per-signature state and are pooled.
 */
public final class Es256Signer {

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256.getCurve(), P256.getG(),
            P256.getN(), P256.getH());
    private static final int FIELD_BYTES = 32;

    private final ECPrivateKeyParameters key;
    private final ConcurrentLinkedQueue<ECDSASigner> pool = new ConcurrentLinkedQueue<>();

    /** @throws IllegalArgumentException when the key is not on P-256 */
    public Es256Signer(ECPrivateKey privateKey) {
        if (privateKey.getParams().getCurve().getField().getFieldSize() != 256
                || !privateKey.getParams().getOrder().equals(DOMAIN.getN())) {
            throw new IllegalArgumentException("ES256 needs a P-256 key");
        }
        this.key = new ECPrivateKeyParameters(privateKey.getS(), DOMAIN);
    }

    /** The JWS signature of {@code signingInput}: R and S, 32 bytes each, big-endian. */
    public byte[] sign(byte[] signingInput) {
        SHA256Digest sha = new SHA256Digest();
        sha.update(signingInput, 0, signingInput.length);
        byte[] hash = new byte[sha.getDigestSize()];
        sha.doFinal(hash, 0);
        ECDSASigner signer = pool.poll();
        if (signer == null) {
            signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            signer.init(true, key);
        }
        BigInteger[] rs = signer.generateSignature(hash);
        pool.offer(signer);
        return concat(rs[0], rs[1]);
    }

    /** R and S as unsigned big-endian numbers of exactly 32 bytes each (leading zeros kept, no sign byte). */
    static byte[] concat(BigInteger r, BigInteger s) {
        byte[] out = new byte[2 * FIELD_BYTES];
        BigIntegers.asUnsignedByteArray(r, out, 0, FIELD_BYTES);
        BigIntegers.asUnsignedByteArray(s, out, FIELD_BYTES, FIELD_BYTES);
        return out;
    }
}
