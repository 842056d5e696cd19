package org.secretdesk.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An admin API key the gateway accepts. The key itself is never in the configuration: it is read from
 * {@code keyFile}, or only its SHA-256 hash (hex) is given.
 */
public record AdminKeySpec(String name, Role role, Path keyFile, String sha256) {

    public enum Role {
        /** Everything. */
        ADMIN,
        /** GET only, and identifying a secret by its hash. */
        VIEWER,
        /** Reporting leaked values ({@code POST /api/v1/leaks}) and nothing else. */
        REPORTER
    }

    public AdminKeySpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if ((keyFile == null) == (sha256 == null)) {
            throw new IllegalArgumentException("Admin key '" + name + "' needs exactly one of keyFile or sha256");
        }
    }
}
