package org.secretdesk.ui.secrets;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Application;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;

/** Small builders for view-model tests. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private Fixtures() {
    }

    static Capabilities all() {
        return new Capabilities(EnumSet.complementOf(EnumSet.of(Capabilities.Feature.ROTATED_SECRET)), 10, Map.of());
    }

    static Capabilities without(Capabilities.Feature... missing) {
        Set<Capabilities.Feature> f = EnumSet.complementOf(EnumSet.of(Capabilities.Feature.ROTATED_SECRET));
        f.removeAll(List.of(missing));
        return new Capabilities(f, 10, Map.of(Capabilities.Feature.RENEW,
                "DataMiner BrokerGateway cannot renew in place: delete and generate a new one"));
    }

    static Application app(ExpiryPolicy policy, int secretCount) {
        return new Application("app_1", "billing-service", "", "sdc_abc", List.of("reader"), NOW, NOW, 3, policy,
                secretCount, null, 0);
    }

    static SecretSummary secret(String description) {
        return new SecretSummary("sec_" + description.hashCode(), "app_1", description, "sds_Ab3x",
                "sds_Ab3x****************", NOW, null, null, null, SecretStatus.ACTIVE, null, 1);
    }

    static List<SecretSummary> secrets(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> secret("secret " + i)).toList();
    }

    static DomainSecretPolicy domain(Duration expiresAfter, int max) {
        return new DomainSecretPolicy(expiresAfter != null, expiresAfter, DomainSecretPolicy.DEFAULT_THRESHOLDS, max);
    }

    static GatewayException http(ProblemCode code) {
        return GatewayException.http(Problem.of(code, code.title()));
    }

    static GatewayException offline() {
        return new GatewayException(GatewayException.Kind.OFFLINE, "Connection refused", null, null);
    }
}
