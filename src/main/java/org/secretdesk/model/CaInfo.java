package org.secretdesk.model;

import java.time.Instant;

public record CaInfo(String subject, String serialNumber, Instant notBefore, Instant notAfter,
                     String sha256Fingerprint, String keyAlgorithm, boolean rotationBlocked) {
}
