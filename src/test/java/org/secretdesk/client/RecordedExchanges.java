package org.secretdesk.client;

/**
 * Answer bodies recorded from the vendors' documented shapes, shared by the connectors' contract tests and the UI
 * tests that run the console against a MockWebServer, so both check the same exchanges. Gravitee AM's answers are
 * rebuilt from its source instead: {@code org.secretdesk.client.gravitee.GraviteeFixtures}.
 */
public final class RecordedExchanges {

    private RecordedExchanges() {
    }

    // ---------------------------------------------------------------- DataMiner BrokerGateway

    /** {@code GET /BrokerGateway/api/clientSecret/list}: names and keys redacted to four characters, either case. */
    public static final String DATAMINER_LIST = """
            [{"name":"Cube 01","key":"abcd****************"},
             {"Name":"Cube 02","Key":"wxyz****************"}]""";
}
