package org.secretdesk.desk;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where the console keeps its per-user files. On Linux the XDG base-directory rules: data (preferences, profiles,
 * the embedded gateway) in {@code $XDG_DATA_HOME/secretdesk}, else {@code $HOME/.local/share/secretdesk};
 * configuration in {@code $XDG_CONFIG_HOME} ({@code $HOME/.config}); cache in {@code $XDG_CACHE_HOME}
 * ({@code $HOME/.cache}). {@code $HOME} is the environment's, as the specification says, not Java's
 * {@code user.home} (which is the passwd entry's home, whatever {@code HOME} is set to). Windows:
 * {@code %APPDATA%\SecretDesk} (cache {@code %LOCALAPPDATA%\SecretDesk\Cache}); macOS:
 * {@code ~/Library/Application Support/SecretDesk} (cache {@code ~/Library/Caches/SecretDesk}). The system
 * property {@code secretdesk.dataDir} overrides the data directory (tests, portable installs).
 */
public final class DataDirectory {

    public static final String OVERRIDE_PROPERTY = "secretdesk.dataDir";

    /** The three kinds of per-user directory of the XDG base-directory specification. */
    public enum Kind {
        DATA("XDG_DATA_HOME", ".local/share"),
        CONFIG("XDG_CONFIG_HOME", ".config"),
        CACHE("XDG_CACHE_HOME", ".cache");

        private final String variable;
        private final String defaultUnderHome;

        Kind(String variable, String defaultUnderHome) {
            this.variable = variable;
            this.defaultUnderHome = defaultUnderHome;
        }
    }

    private DataDirectory() {
    }

    /** The console's data directory for the user running it. */
    public static Path forCurrentUser() {
        return resolve(System.getProperties(), System.getenv());
    }

    /** The console's directory of the given kind for the user running it. */
    public static Path forCurrentUser(Kind kind) {
        return resolve(kind, System.getProperties(), System.getenv());
    }

    /**
     * The user's home directory: {@code $HOME} when it is set to an absolute path (Linux, macOS), else
     * {@code user.home}.
     */
    public static Path home() {
        return home(System.getProperties(), System.getenv());
    }

    /** The rule itself, from explicit system properties and environment (for tests). */
    static Path resolve(Properties props, Map<String, String> env) {
        String override = props.getProperty(OVERRIDE_PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        return resolve(Kind.DATA, props, env);
    }

    static Path resolve(Kind kind, Properties props, Map<String, String> env) {
        String os = props.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = home(props, env);
        if (os.startsWith("windows")) {
            if (kind == Kind.CACHE) {
                Path local = absolute(env.get("LOCALAPPDATA"));
                return (local != null ? local : home.resolve("AppData/Local")).resolve("SecretDesk/Cache");
            }
            Path appData = absolute(env.get("APPDATA"));
            return (appData != null ? appData : home.resolve("AppData/Roaming")).resolve("SecretDesk");
        }
        if (os.startsWith("mac")) {
            return kind == Kind.CACHE ? home.resolve("Library/Caches/SecretDesk")
                    : home.resolve("Library/Application Support/SecretDesk");
        }
        // The XDG specification says a relative value is invalid and must be ignored.
        Path base = absolute(env.get(kind.variable));
        return (base != null ? base : home.resolve(kind.defaultUnderHome)).resolve("secretdesk");
    }

    static Path home(Properties props, Map<String, String> env) {
        // Windows has no HOME of its own (shells such as Git Bash set one): there Java's user.home is the profile.
        boolean windows = props.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        Path fromEnvironment = windows ? null : absolute(env.get("HOME"));
        return fromEnvironment != null ? fromEnvironment : Path.of(props.getProperty("user.home", "."));
    }

    /** The value as a path if it is an absolute one, else null (unset, empty, relative or not a path). */
    private static Path absolute(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Path p = Path.of(value);
            return p.isAbsolute() ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
