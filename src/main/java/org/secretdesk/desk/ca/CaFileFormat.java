package org.secretdesk.desk.ca;

import java.util.List;
import java.util.Locale;

/** The file formats the CA certificate can be exported in. */
public enum CaFileFormat {
    PEM("PEM text", List.of(".pem", ".crt"), "OpenSSL, Linux and macOS, most tools"),
    DER("DER binary", List.of(".cer"), "Windows certificate import"),
    PKCS12("PKCS#12 truststore", List.of(".p12"), "Java applications, keytool");

    private final String displayName;
    private final List<String> extensions;
    private final String usedBy;

    CaFileFormat(String displayName, List<String> extensions, String usedBy) {
        this.displayName = displayName;
        this.extensions = extensions;
        this.usedBy = usedBy;
    }

    public String displayName() {
        return displayName;
    }

    /** The first is the default. */
    public List<String> extensions() {
        return extensions;
    }

    public String usedBy() {
        return usedBy;
    }

    public boolean needsPassword() {
        return this == PKCS12;
    }

    /** The format a file name suggests; PEM when the extension says nothing. */
    public static CaFileFormat forFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".cer") || n.endsWith(".der")) {
            return DER;
        }
        if (n.endsWith(".p12") || n.endsWith(".pfx")) {
            return PKCS12;
        }
        return PEM;
    }

    @Override
    public String toString() {
        return displayName + " (" + String.join(", ", extensions) + ")";
    }
}
