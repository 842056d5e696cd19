package org.secretdesk.model;

public enum SecretStatus {
    ACTIVE,
    EXPIRED
}
