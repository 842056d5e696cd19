package org.secretdesk.client.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;

/**
 * What the console may say about a Keycloak realm: Keycloak's capabilities, one sentence per fact, and what a
 * regenerate does to the previous value, read from the realm's client policies (issue 25: the console said the old
 * value keeps working "while the realm's secret-rotation policy applies" without looking; in a realm without one it
 * failed at once).
 */
final class KeycloakCapabilities {

    /** What Keycloak keeps of a client secret, as the reveal says it. */
    static final String CUSTODY = "SecretDesk shows this secret only now. Keycloak stores this secret; realm "
            + "administrators can read it.";
    /** Before the realm's client policies are read (or when they cannot be). */
    static final String ROTATION_UNKNOWN = "Whether the previous value keeps working depends on the realm's "
            + "secret-rotation client policy, which SecretDesk could not read: count on it stopping at once.";
    static final String NO_ROTATION = "This realm has no secret-rotation client policy: regenerating stops the "
            + "previous value at once.";
    private static final String EXECUTOR = "secret-rotation";

    static final Capabilities CAPABILITIES = capabilities(ROTATION_UNKNOWN);

    private KeycloakCapabilities() {
    }

    /** @param rotation what a regenerate does to the previous value in this realm ({@link #rotation}) */
    static Capabilities capabilities(String rotation) {
        Map<Feature, String> why = new EnumMap<>(Feature.class);
        String clients = "Clients are created, edited and deleted in Keycloak's admin console; SecretDesk manages the "
                + "secrets of its confidential clients.";
        Capabilities.explainAll(why, clients,
                Feature.CREATE_APPLICATION, Feature.DELETE_APPLICATION, Feature.EDIT_APPLICATION);
        why.put(Feature.ROLES, "Roles (a service account's realm and client roles) are managed in Keycloak's admin "
                + "console.");
        String oneSecret = "A Keycloak client always has one current secret, which can be regenerated but not "
                + "added to or deleted, plus the rotated one while a rotation policy keeps it, which can be "
                + "invalidated.";
        Capabilities.explainAll(why, oneSecret,
                Feature.MULTIPLE_SECRETS, Feature.CREATE_SECRET, Feature.DELETE_LAST_SECRET);
        // How long the previous value works is the realm's, not the call's: one sentence for both features.
        why.put(Feature.RENEW_GRACE_PERIOD, rotation);
        why.put(Feature.GRACE_CONTROL, rotation);
        String expiry = "Secret expiry is set by the realm's client policies (executor secret-rotation) in "
                + "Keycloak's admin console; SecretDesk shows it read-only.";
        Capabilities.explainAll(why, expiry,
                Feature.DOMAIN_POLICY, Feature.APPLICATION_POLICY, Feature.SECRET_EXPIRY_CHOICE);
        String noUse = "Keycloak does not record when or from where a client secret is used (read its login events "
                + "instead): no last use, and no usage data to find or retire unused secrets by.";
        Capabilities.explainAll(why, noUse, Feature.LAST_USED, Feature.USAGE, Feature.RETIRE_WHEN_QUIET);
        why.put(Feature.NOTIFICATIONS, "Keycloak does not notify before a client secret expires.");
        Capabilities.explainAll(why, "Keycloak has no notification channels, application owners or expiry calendar: "
                + "they need a SecretDesk gateway.", Feature.CHANNELS, Feature.CALENDAR, Feature.OWNERS);
        why.put(Feature.LIVE_EVENTS, "Keycloak does not publish client changes; refresh to see them.");
        why.put(Feature.AUDIT, "Read the admin events in Keycloak's admin console.");
        String noCa = "Keycloak does not serve a CA for its clients.";
        why.put(Feature.CA_EXPORT, noCa);
        why.put(Feature.CA_ROTATION, noCa);
        why.put(Feature.IDEMPOTENT_ISSUE, "Keycloak has no idempotency keys: after a lost answer, regenerate again.");
        why.put(Feature.OPTIMISTIC_CONCURRENCY, "Keycloak has no version checks on client secrets.");
        return new Capabilities(EnumSet.of(Feature.APPLICATIONS, Feature.RENEW, Feature.DELETE_SECRET, Feature.EXPIRY,
                Feature.ROTATED_SECRET, Feature.PREVIOUS_VALUE), 0, why, CUSTODY);
    }

    /**
     * What a regenerate does to the previous value, from the realm's client policies and profiles (the answers of
     * {@code client-policies/policies} and {@code client-policies/profiles}, global ones included): an enabled
     * policy whose profile has the secret-rotation executor keeps it for the executor's rotated expiration period.
     * A policy with conditions other than "any client" or "confidential clients" is named with them, since whether
     * it applies depends on the client.
     */
    static String rotation(JsonNode policies, JsonNode profiles) {
        Map<String, Duration> rotatingProfiles = new HashMap<>();
        for (JsonNode profile : both(profiles, "profiles", "globalProfiles")) {
            for (JsonNode executor : profile.path("executors")) {
                if (EXECUTOR.equals(executor.path("executor").asText())) {
                    long seconds = executor.path("configuration").path("rotated-expiration-period").asLong(0);
                    rotatingProfiles.put(profile.path("name").asText(), Duration.ofSeconds(seconds));
                }
            }
        }
        List<String> conditional = new ArrayList<>();
        for (JsonNode policy : both(policies, "policies", "globalPolicies")) {
            if (!policy.path("enabled").asBoolean(false)) {
                continue;
            }
            Duration kept = null;
            for (JsonNode name : policy.path("profiles")) {
                kept = rotatingProfiles.getOrDefault(name.asText(), kept);
            }
            if (kept == null) {
                continue;
            }
            String name = policy.path("name").asText("(unnamed)");
            Set<String> conditions = conditionsOf(policy);
            String keeps = kept.isZero() ? "does not keep the previous value (its rotated expiration period is 0)"
                    : "keeps the previous value working as the rotated secret for " + human(kept)
                    + " after a regenerate, unless you invalidate it first (it cannot be extended)";
            if (conditions.stream().allMatch(c -> c.equals("any-client") || c.equals("client-access-type"))) {
                return "The realm's client policy \u201c" + name + "\u201d (secret-rotation) " + keeps + ".";
            }
            conditional.add("\u201c" + name + "\u201d (conditions: " + String.join(", ", conditions) + ") " + keeps);
        }
        if (!conditional.isEmpty()) {
            return "For clients that match its conditions, the realm's client policy " + String.join("; ",
                    conditional) + ". For other clients, regenerating stops the previous value at once.";
        }
        return NO_ROTATION;
    }

    private static Set<String> conditionsOf(JsonNode policy) {
        Set<String> names = new java.util.TreeSet<>();
        for (JsonNode c : policy.path("conditions")) {
            String type = c.path("condition").asText();
            JsonNode types = c.path("configuration").path("type");
            // "client-access-type" counts as every confidential client only when it names confidential clients.
            if (type.equals("client-access-type") && !types.toString().contains("confidential")) {
                type = "client-access-type " + types;
            }
            names.add(type);
        }
        return names;
    }

    private static List<JsonNode> both(JsonNode answer, String own, String global) {
        List<JsonNode> out = new ArrayList<>();
        answer.path(own).forEach(out::add);
        answer.path(global).forEach(out::add);
        return out;
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + (s == 86_400 ? " day" : " days");
        }
        if (s % 3600 == 0) {
            return s / 3600 + (s == 3600 ? " hour" : " hours");
        }
        return s / 60 + " min";
    }
}
