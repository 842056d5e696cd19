package org.secretdesk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The program's version: the jar manifest's Implementation-Version, else the version Maven wrote at build time. */
final class Version implements CommandLine.IVersionProvider {

    static final String RESOURCE = "/secretdesk-version.properties";

    static String current() {
        String fromManifest = Version.class.getPackage().getImplementationVersion();
        if (fromManifest != null && !fromManifest.isBlank()) {
            return fromManifest;
        }
        // Running from target/classes (mvn javafx:run, tests): no manifest, but the filtered resource exists.
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "").strip();
                if (!version.isEmpty() && !version.startsWith("${")) {
                    return version;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "unknown";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"SecretDesk " + current()};
    }
}
