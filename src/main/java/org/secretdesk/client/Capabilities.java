package org.secretdesk.client;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a gateway kind can do. The console hides or explains what a backend cannot do instead of failing.
 *
 * @param features      the supported features
 * @param maxSecretsPerApplication the backend's limit, or 0 when unknown/unlimited
 * @param explanations  why a feature is missing, for the UI ("DataMiner BrokerGateway cannot renew in place: …")
 * @param custody       what becomes of an issued secret's value on this backend, as the reveal says it: whether it
 *                      can be read again and by whom (issue 25: the SecretDesk gateway's "keeps only a hash" was
 *                      shown for Keycloak, which stores the value and gives it to any realm administrator)
 */
public record Capabilities(Set<Feature> features, int maxSecretsPerApplication,
                           java.util.Map<Feature, String> explanations, String custody) {

    /** The SecretDesk gateway's custody: it stores a hash of the value and nothing else. */
    public static final String HASH_ONLY = "This is the only time the secret is shown. The gateway keeps only a hash; "
            + "it cannot be recovered.";

    public enum Feature {
        /** Several applications (otherwise one flat list shown as one application). */
        APPLICATIONS,
        CREATE_APPLICATION,
        DELETE_APPLICATION,
        /** An application's description and roles can be changed after it was created. */
        EDIT_APPLICATION,
        ROLES,
        MULTIPLE_SECRETS,
        /**
         * One current secret plus, after a regeneration, the previous one kept as {@link Capabilities#ROTATED_SECRET_ID}
         * until it expires or is invalidated (Keycloak's secret rotation).
         */
        ROTATED_SECRET,
        CREATE_SECRET,
        RENEW,
        RENEW_GRACE_PERIOD,
        DELETE_SECRET,
        DELETE_LAST_SECRET,
        EXPIRY,
        /** A new secret may get a shorter lifetime than the policy's (otherwise the policy alone decides). */
        SECRET_EXPIRY_CHOICE,
        DOMAIN_POLICY,
        APPLICATION_POLICY,
        LAST_USED,
        NOTIFICATIONS,
        LIVE_EVENTS,
        AUDIT,
        CA_EXPORT,
        CA_ROTATION,
        IDEMPOTENT_ISSUE,
        OPTIMISTIC_CONCURRENCY,
        /**
         * Use per secret value (issue 21): last use, its client address and uses in the last 24 hours, for the current
         * value and, during a grace period, the previous one ({@link org.secretdesk.model.SecretSummary#usage()}); the
         * list of secrets not used for a while ({@link GatewayClient#listUnusedSecrets}).
         */
        USAGE,
        /** The value before a renew shown while it still works ({@link org.secretdesk.model.SecretSummary#previous()}). */
        PREVIOUS_VALUE,
        /** A running grace period can be ended now or extended ({@link GatewayClient#endGrace}, {@link GatewayClient#extendGrace}). */
        GRACE_CONTROL,
        /** Retire when quiet: per renew or as the application's rotation policy ({@link GatewayClient#getRotationPolicy}). */
        RETIRE_WHEN_QUIET,
        /**
         * Leak response (issue 22): a value identified by its SHA-256 hash ({@link GatewayClient#identifySecret}),
         * leak reports ({@link GatewayClient#reportLeaks}) and leak marks on secrets.
         */
        LEAK_RESPONSE,
        /**
         * Notification channels (issue 23): webhooks, e-mail and syslog the gateway delivers its warnings to
         * ({@link GatewayClient#listChannels} and the calls beside it).
         */
        CHANNELS,
        /** The expiry calendar feed and its tokens ({@link GatewayClient#issueCalendarToken}). */
        CALENDAR,
        /** An application's owners, whom notifications about its secrets go to ({@link org.secretdesk.model.Owners}). */
        OWNERS
    }

    /** The id of the previous secret kept after a regeneration, for gateways with {@link Feature#ROTATED_SECRET}. */
    public static final String ROTATED_SECRET_ID = "rotated";

    public Capabilities {
        features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
        explanations = explanations == null ? java.util.Map.of() : java.util.Map.copyOf(explanations);
        custody = custody == null || custody.isBlank() ? HASH_ONLY : custody;
    }

    /** A backend that keeps only a hash of an issued value, as the SecretDesk gateway does. */
    public Capabilities(Set<Feature> features, int maxSecretsPerApplication,
                        java.util.Map<Feature, String> explanations) {
        this(features, maxSecretsPerApplication, explanations, HASH_ONLY);
    }

    /** The same backend with another explanation of {@code feature} (what a connector learns once connected). */
    public Capabilities explaining(Feature feature, String why) {
        java.util.Map<Feature, String> more = new java.util.HashMap<>(explanations);
        more.put(feature, why);
        return new Capabilities(features, maxSecretsPerApplication, more, custody);
    }

    /** One sentence for several features that follow from one fact, so that the console says the fact once. */
    public static void explainAll(java.util.Map<Feature, String> why, String sentence, Feature... features) {
        for (Feature f : features) {
            why.put(f, sentence);
        }
    }

    public boolean supports(Feature feature) {
        return features.contains(feature);
    }

    /** Why {@code feature} is not available, or a generic sentence when the connector gave none. */
    public String explain(Feature feature) {
        return explanations.getOrDefault(feature, switch (feature) {
            case LEAK_RESPONSE -> GatewayClient.NO_LEAK_RESPONSE;
            case CHANNELS, CALENDAR, OWNERS -> GatewayClient.NO_NOTIFY;
            default -> "This gateway does not support this operation.";
        });
    }
}
