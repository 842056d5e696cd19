package org.secretdesk.client;

import java.time.Instant;

/**
 * Answer bodies recorded from the vendors' documented shapes, shared by the connectors' contract tests and the UI
 * tests that run the console against a MockWebServer, so both check the same exchanges.
 */
public final class RecordedExchanges {

    private RecordedExchanges() {
    }

    // ---------------------------------------------------------------- DataMiner BrokerGateway

    /** {@code GET /BrokerGateway/api/clientSecret/list}: names and keys redacted to four characters, either case. */
    public static final String DATAMINER_LIST = """
            [{"name":"Cube 01","key":"abcd****************"},
             {"Name":"Cube 02","Key":"wxyz****************"}]""";

    // ---------------------------------------------------------------- Gravitee AM

    public static final String GRAVITEE_BASE = "/management/organizations/DEFAULT/environments/DEFAULT/domains/my-domain";
    public static final long GRAVITEE_CREATED_MS = Instant.parse("2025-11-23T06:00:00Z").toEpochMilli();
    public static final long GRAVITEE_EXPIRES_MS = Instant.parse("2027-02-21T06:00:00Z").toEpochMilli();

    /** {@code POST /management/auth/token}; the token value is the caller's. */
    public static String graviteeToken(String token, long expiresAtMillis) {
        return "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_at\":" + expiresAtMillis + "}";
    }

    /** {@code GET …/applications?page=0&size=2}: a page of two, three in all. */
    public static final String GRAVITEE_APPLICATIONS = """
            {"data":[{"id":"app-1","name":"billing","description":"Billing","type":"SERVICE","clientId":"billing-client",
                      "createdAt":CREATED,"updatedAt":CREATED},
                     {"id":"app-2","name":"orders","settings":{"oauth":{"clientId":"orders-client"},
                      "secretExpirationSettings":{"enabled":true,"expiryTimeSeconds":2592000}}}],
             "currentPage":0,"totalCount":3}""".replace("CREATED", Long.toString(GRAVITEE_CREATED_MS));

    /** One secret of {@code GET …/applications/app-1/secrets}: no value, dates in epoch milliseconds. */
    public static final String GRAVITEE_SECRET = "{\"id\":\"s-1\",\"settingsId\":\"set-1\",\"name\":\"prod rollout\","
            + "\"createdAt\":" + GRAVITEE_CREATED_MS + ",\"expiresAt\":" + GRAVITEE_EXPIRES_MS + "}";

    /** {@code GET …/domains/my-domain}: the domain's secret expiry is {@code secretExpirationSettings}. */
    public static final String GRAVITEE_DOMAIN = "{\"id\":\"my-domain\",\"name\":\"My domain\",\"secretExpirationSettings\":"
            + "{\"enabled\":true,\"expiryTimeSeconds\":7776000}}";

    /** Gravitee's error body. */
    public static String graviteeError(int status, String message) {
        return "{\"message\":\"" + message + "\",\"http_status\":" + status + "}";
    }
}
