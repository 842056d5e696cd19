package org.secretdesk.model;

/** A live change reported by a gateway: {@code type} such as {@code secret.created}; never a secret. */
public record GatewayEvent(String type, String applicationId, String secretId, Long version) {
}
