package org.secretdesk.ui.reveal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.secretdesk.model.SecretValue;

/**
 * Writes a client-secret file, in one of two {@link Format}s: DataMiner's
 * {@code {"APIKeys":[{"Key":"…","Name":"ClientSecret"}]}} that a DataMiner agent reads to authenticate, or a generic
 * {@code {"client_id":"…","client_secret":"…"}}. Only ever on the operator's explicit request. The file is readable by its
 * owner only (POSIX 0600, or an owner-only ACL on Windows) from the moment it exists, and an existing file is
 * replaced only when {@code replaceExisting} says the operator agreed.
 */
public final class ClientSecretFile {

    public static final String DEFAULT_FILE_NAME = "client-secret.json";

    /** What the file holds. */
    public enum Format {
        /** DataMiner's client-secret file: the secret alone, as the agent reads it. */
        DATAMINER,
        /** The client id and the secret, for any OAuth 2 client. */
        CLIENT_CREDENTIALS
    }

    private ClientSecretFile() {
    }

    /**
     * The DataMiner client-secret file.
     *
     * @throws FileAlreadyExistsException when {@code target} exists and {@code replaceExisting} is false
     */
    public static void write(Path target, SecretValue secret, boolean replaceExisting) throws IOException {
        write(target, Format.DATAMINER, null, secret, replaceExisting);
    }

    /**
     * @param clientId the application's client id ({@link Format#CLIENT_CREDENTIALS} only)
     * @throws FileAlreadyExistsException when {@code target} exists and {@code replaceExisting} is false
     */
    public static void write(Path target, Format format, String clientId, SecretValue secret,
                             boolean replaceExisting) throws IOException {
        byte[] content = format == Format.DATAMINER ? content(secret)
                : content(secret, "{\"client_id\":\"" + jsonEscaped(clientId == null ? "" : clientId)
                + "\",\"client_secret\":\"", "\"}\n");
        try {
            if (replaceExisting && Files.exists(target)) {
                // Write next to it, then swap, so a failure never leaves a half-written file in its place.
                Path tmp = createOwnerOnly(target.toAbsolutePath().getParent(), null);
                try {
                    writeAll(tmp, content, false);
                    try {
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } else {
                Path created = createOwnerOnly(target.toAbsolutePath().getParent(), target); // fails if it exists
                writeAll(created, content, true);
            }
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** The DataMiner file's bytes (UTF-8); the caller wipes them. */
    static byte[] content(SecretValue secret) {
        return content(secret, "{\"APIKeys\":[{\"Key\":\"", "\",\"Name\":\"ClientSecret\"}]}\n");
    }

    /** A JSON string's contents for a value that is not secret. */
    private static String jsonEscaped(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code before}, the secret as the contents of a JSON string, {@code after}, in UTF-8; the caller wipes it. */
    static byte[] content(SecretValue secret, String before, String after) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        char[] chars = secret.copyChars();
        char[] escaped = new char[chars.length * 6];
        int n = 0;
        for (char c : chars) {
            if (c == '"' || c == '\\') {
                escaped[n++] = '\\';
                escaped[n++] = c;
            } else if (c < 0x20) {
                String hex = String.format("\\u%04x", (int) c);
                for (int i = 0; i < hex.length(); i++) {
                    escaped[n++] = hex.charAt(i);
                }
            } else {
                escaped[n++] = c;
            }
        }
        Arrays.fill(chars, '\0');
        SecretValue body = SecretValue.wrap(Arrays.copyOf(escaped, n));
        Arrays.fill(escaped, '\0');
        byte[] utf8 = body.utf8();
        body.destroy();
        byte[] out = new byte[head.length + utf8.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(utf8, 0, out, head.length, utf8.length);
        System.arraycopy(tail, 0, out, head.length + utf8.length, tail.length);
        Arrays.fill(utf8, (byte) 0);
        return out;
    }

    /** Creates {@code file} (or a temporary file in {@code dir} when null) readable by its owner only. */
    private static Path createOwnerOnly(Path dir, Path file) throws IOException {
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        if (posix) {
            FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            return file == null
                    ? Files.createTempFile(dir, ".client-secret", ".tmp", ownerOnly)
                    : Files.createFile(file, ownerOnly);
        }
        Path created = file == null ? Files.createTempFile(dir, ".client-secret", ".tmp") : Files.createFile(file);
        restrictToOwnerAcl(created);
        return created;
    }

    private static void restrictToOwnerAcl(Path path) throws IOException {
        AclFileAttributeView acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
        if (acl == null) {
            return; // neither POSIX nor ACL: nothing more this file system can do
        }
        AclEntry owner = AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(Files.getOwner(path))
                .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                .build();
        acl.setAcl(List.of(owner));
    }

    private static void writeAll(Path path, byte[] content, boolean deleteOnFailure) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(path,
                Set.of(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.DSYNC))) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException | RuntimeException e) {
            if (deleteOnFailure) {
                Files.deleteIfExists(path);
            }
            throw e;
        }
    }
}
