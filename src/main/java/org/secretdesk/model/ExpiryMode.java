package org.secretdesk.model;

/** How an application's secrets get their expiry: follow the gateway-wide policy, a custom duration, or never. */
public enum ExpiryMode {
    DOMAIN,
    CUSTOM,
    NEVER
}
