package org.secretdesk.ui.common;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where the console keeps its per-user files (preferences, the embedded gateway's data):
 * Linux {@code $XDG_DATA_HOME/secretdesk} (default {@code ~/.local/share/secretdesk}), Windows
 * {@code %APPDATA%\SecretDesk}, macOS {@code ~/Library/Application Support/SecretDesk}. The system property
 * {@code secretdesk.dataDir} overrides it (tests, portable installs).
 */
public final class DataDirectory {

    public static final String OVERRIDE_PROPERTY = "secretdesk.dataDir";

    private DataDirectory() {
    }

    public static Path forCurrentUser() {
        return resolve(System.getProperties(), System.getenv());
    }

    /** The rule itself, from explicit system properties and environment (for tests). */
    static Path resolve(Properties props, Map<String, String> env) {
        String override = props.getProperty(OVERRIDE_PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        String os = props.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(props.getProperty("user.home", "."));
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            Path base = appData != null && !appData.isBlank() ? Path.of(appData) : home.resolve("AppData/Roaming");
            return base.resolve("SecretDesk");
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library/Application Support/SecretDesk");
        }
        String xdg = env.get("XDG_DATA_HOME");
        // The XDG spec says a relative value is invalid and must be ignored.
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : home.resolve(".local/share");
        return base.resolve("secretdesk");
    }
}
