package org.secretdesk.ui.reveal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.SecureFiles;

/**
 * Writes a client-secret file, in one of two {@link Format}s: DataMiner's
 * {@code {"APIKeys":[{"Key":"…","Name":"ClientSecret"}]}} that a DataMiner agent reads to authenticate, or a generic
 * {@code {"client_id":"…","client_secret":"…"}}. Only ever on the operator's explicit request. The file is readable by its
 * owner only (POSIX 0600, or an owner-only ACL on Windows) from the moment it exists, through {@link SecureFiles},
 * which writes nothing where it cannot restrict the file (a FAT stick); an existing file is replaced only when
 * {@code replaceExisting} says the operator agreed.
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
                // Written next to it, then swapped in: a failure never leaves a half-written file in its place.
                SecureFiles.writeOwnerOnly(target, content);
            } else {
                SecureFiles.createOwnerOnly(target, content); // fails if it exists
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
}
