package org.secretdesk.desk.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.secretdesk.pki.Der;
import org.secretdesk.pki.Pem;
import org.secretdesk.pki.Pkcs12;

/**
 * Writes a CA certificate as PEM, DER or a PKCS#12 truststore (no JavaFX: the wizard and {@code secretdesk ca
 * export} share it). An existing file is only replaced when the caller says the operator agreed.
 */
public final class CaExport {

    private CaExport() {
    }

    /** The file's bytes; {@code password} is used only for PKCS#12. */
    public static byte[] encode(X509Certificate ca, CaFileFormat format, char[] password) {
        Objects.requireNonNull(ca, "ca");
        return switch (format) {
            case PEM -> Pem.certificates(List.of(ca)).getBytes(StandardCharsets.US_ASCII);
            case DER -> Der.certificate(ca);
            case PKCS12 -> {
                if (password == null || password.length == 0) {
                    throw new IllegalArgumentException("A PKCS#12 truststore needs a password");
                }
                yield Pkcs12.truststore(List.of(ca), password);
            }
        };
    }

    /**
     * Writes {@code content} to {@code target}: a new file, or, with {@code replace}, a complete replacement
     * (temporary file and move, so a failure never leaves half a file).
     *
     * @throws FileAlreadyExistsException when the file exists and {@code replace} is false
     */
    public static void write(Path target, byte[] content, boolean replace) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (!replace) {
            Files.write(absolute, content, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
            return;
        }
        Path tmp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, content);
            try {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
