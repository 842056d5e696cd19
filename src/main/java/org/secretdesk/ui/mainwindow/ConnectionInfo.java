package org.secretdesk.ui.mainwindow;

/**
 * What the header's connection details show. Never the admin key itself.
 *
 * @param name             "Local gateway"
 * @param kind             "SecretDesk gateway (embedded)"
 * @param url              the base URL
 * @param adminKeyStorage  where the admin key is kept, in words ("OS keychain", "file … readable by you only")
 * @param caFingerprint    SHA-256 of the trusted CA, or null
 */
public record ConnectionInfo(String name, String kind, String url, String adminKeyStorage, String caFingerprint) {
}
