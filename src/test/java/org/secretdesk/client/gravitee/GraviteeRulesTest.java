package org.secretdesk.client.gravitee;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.secretdesk.model.ExpiryPolicy;

/** The rules the connector applies to what Gravitee AM writes: dates, expiry settings, paging and search. */
class GraviteeRulesTest {

    @Test
    void dateToStringTextInAnyZoneIsRead() {
        assertThat(GraviteeJson.instant(new com.fasterxml.jackson.databind.node.TextNode("Thu Aug 27 10:00:00 UTC 2026")))
                .isEqualTo(Instant.parse("2026-08-27T10:00:00Z"));
        assertThat(GraviteeJson.instant(new com.fasterxml.jackson.databind.node.TextNode("Thu Aug 27 12:00:00 CEST 2026")))
                .isEqualTo(Instant.parse("2026-08-27T10:00:00Z"));
        assertThat(GraviteeJson.instant(new com.fasterxml.jackson.databind.node.TextNode("Sat Feb 28 05:00:00 EST 2026")))
                .isEqualTo(Instant.parse("2026-02-28T10:00:00Z"));
    }

    @Test
    void pageSizesKeepGraviteesPageTimesSizeOnTheOffset() {
        assertThat(GraviteeApplications.pageSize(0, 100)).isEqualTo(100);
        assertThat(GraviteeApplications.pageSize(100, 1000)).isEqualTo(100);
        assertThat(GraviteeApplications.pageSize(2000, 1000)).isEqualTo(1000);
        assertThat(GraviteeApplications.pageSize(1600, 1000)).isEqualTo(800);
        for (int offset : new int[] {100, 150, 1600, 2400, 997}) {
            int size = GraviteeApplications.pageSize(offset, 1000);
            assertThat(offset % size).as("offset %d, size %d", offset, size).isZero();
        }
    }

    @Test
    void applicationExpiryEnabledWithoutSecondsFollowsTheDomain() {
        var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        assertThat(GraviteeJson.applicationPolicy(nodes.objectNode().put("enabled", true)))
                .isEqualTo(ExpiryPolicy.FOLLOW_DOMAIN);
        assertThat(GraviteeJson.applicationPolicy(nodes.objectNode().put("enabled", true).putNull("expiryTimeSeconds")))
                .isEqualTo(ExpiryPolicy.FOLLOW_DOMAIN);
        assertThat(GraviteeJson.applicationPolicy(nodes.objectNode().put("enabled", true).put("expiryTimeSeconds", 0)))
                .isEqualTo(ExpiryPolicy.NEVER);
        assertThat(GraviteeJson.applicationPolicy(nodes.objectNode().put("enabled", false).put("expiryTimeSeconds", 60)))
                .isEqualTo(ExpiryPolicy.FOLLOW_DOMAIN);
    }

    @Test
    void aSearchBecomesGraviteesWildcardAndRegularExpressionCharactersWildcardsToo() {
        assertThat(GraviteeApplications.wildcard("bill")).isEqualTo("*bill*");
        assertThat(GraviteeApplications.wildcard("billing.eu (prod)")).isEqualTo("*billing*eu *prod*");
        assertThat(GraviteeApplications.wildcard("bill*")).as("the operator's own wildcard").isEqualTo("bill*");
    }
}
