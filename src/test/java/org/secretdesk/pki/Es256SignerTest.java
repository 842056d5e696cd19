package org.secretdesk.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@link Es256Signer}: RFC 6979's known answer, and every signature verified by the JDK's own ES256 verifier. */
class Es256SignerTest {

    @Test
    void signsRfc6979sP256Sha256SampleExactly() throws Exception {
        // RFC 6979, A.2.5: P-256, SHA-256, message "sample".
        ECPrivateKey key = p256Key(new BigInteger(
                "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16));
        byte[] signature = new Es256Signer(key).sign("sample".getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().withUpperCase().formatHex(signature)).isEqualTo(
                "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
                        + "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
    }

    @Test
    void theJdksVerifierAcceptsEverySignatureIncludingOnesWithLeadingZeroBytes() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(20261124L);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), seeded);
        KeyPair pair = generator.generateKeyPair();
        Es256Signer signer = new Es256Signer((ECPrivateKey) pair.getPrivate());
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        int leadingZero = 0;
        for (int i = 0; i < 3_000; i++) {
            byte[] message = ("eyJhbGciOiJFUzI1NiJ9.payload-" + i).getBytes(StandardCharsets.US_ASCII);
            byte[] signature = signer.sign(message);
            assertThat(signature).hasSize(64);
            verifier.initVerify(pair.getPublic());
            verifier.update(message);
            assertThat(verifier.verify(signature)).as("signature %d verifies", i).isTrue();
            if (signature[0] == 0 || signature[32] == 0) {
                leadingZero++;
            }
            if (i % 500 == 0) {
                // Deterministic nonces: the same message signs the same; a changed byte does not verify.
                assertThat(signer.sign(message)).isEqualTo(signature);
                message[message.length - 1] ^= 1;
                verifier.initVerify(pair.getPublic());
                verifier.update(message);
                assertThat(verifier.verify(signature)).isFalse();
            }
        }
        // About 2 in 256 signatures have an R or S below 2^248: their padding was exercised.
        assertThat(leadingZero).isPositive();
    }

    @Test
    void paddsShortNumbersToThirtyTwoBytesEach() {
        byte[] out = Es256Signer.concat(BigInteger.ONE, BigInteger.valueOf(0x0102));
        assertThat(out).hasSize(64);
        assertThat(out[31]).isEqualTo((byte) 1);
        assertThat(out[62]).isEqualTo((byte) 1);
        assertThat(out[63]).isEqualTo((byte) 2);
        assertThat(new BigInteger(1, java.util.Arrays.copyOfRange(out, 0, 31))).isZero();
    }

    @Test
    void refusesAKeyOnAnotherCurve() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        ECPrivateKey p384 = (ECPrivateKey) generator.generateKeyPair().getPrivate();
        assertThatThrownBy(() -> new Es256Signer(p384)).isInstanceOf(IllegalArgumentException.class);
    }

    private static ECPrivateKey p256Key(BigInteger s) throws Exception {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(s, spec));
    }
}
