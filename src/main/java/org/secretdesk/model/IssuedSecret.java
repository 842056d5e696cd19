package org.secretdesk.model;

/** A freshly created or renewed secret: the only moment its value exists outside the client that uses it. */
public record IssuedSecret(SecretSummary secret, String clientId, SecretValue value) {

    @Override
    public String toString() {
        return "IssuedSecret[" + secret + ", clientId=" + clientId + ", value=redacted]";
    }
}
