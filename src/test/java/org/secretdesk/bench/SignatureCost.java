package org.secretdesk.bench;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import org.secretdesk.pki.Es256Signer;

/**
 * What one ES256 signature costs on this machine: the gateway's own signer ({@link Es256Signer}) on one thread of
 * the driver JVM, after a warm-up, with nothing else running. With the health route's rate (the HTTP stack alone)
 * it gives the token endpoint's floor: a token costs at least a health request plus a signature.
 */
final class SignatureCost {

    private SignatureCost() {
    }

    /** Microseconds of CPU per signature, measured for {@code seconds} after {@code warmupSeconds}. */
    static double microsPerSignature(int warmupSeconds, int seconds) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        Es256Signer signer = new Es256Signer((ECPrivateKey) generator.generateKeyPair().getPrivate());
        byte[] input = ("eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2dhdGV3YXkifQ"
                + ".a-typical-token-payload-of-two-hundred-bytes-0123456789abcdefghijklmnopqrstuvwxyz0123456789")
                .getBytes(StandardCharsets.US_ASCII);
        run(signer, input, warmupSeconds * 1_000_000_000L);
        long[] countAndNanos = run(signer, input, seconds * 1_000_000_000L);
        double micros = countAndNanos[1] / 1e3 / countAndNanos[0];
        System.out.printf(Locale.ROOT, "  ES256 signature (Es256Signer, one thread): %.1f µs (%,d signatures in %.1f s)%n",
                micros, countAndNanos[0], countAndNanos[1] / 1e9);
        return micros;
    }

    private static long[] run(Es256Signer signer, byte[] input, long nanos) {
        long start = System.nanoTime();
        long count = 0;
        long sink = 0;
        long elapsed;
        do {
            for (int i = 0; i < 100; i++) {
                input[input.length - 1] = (byte) count;
                sink += signer.sign(input)[0];
                count++;
            }
            elapsed = System.nanoTime() - start;
        } while (elapsed < nanos);
        if (sink == 42) {
            System.out.print("");
        }
        return new long[] {count, elapsed};
    }

    /**
     * The token floor in tokens/s on {@code cores} cores: each token costs what a health request costs (the cores'
     * time divided by the health rate: HTTP, TLS, the load generator, the kernel) plus one signature.
     */
    static double floor(int cores, double healthRate, double signatureMicros) {
        double perHealth = cores / healthRate;
        return cores / (perHealth + signatureMicros / 1e6);
    }
}
