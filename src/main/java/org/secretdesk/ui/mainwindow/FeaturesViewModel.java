package org.secretdesk.ui.mainwindow;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.model.Application;
import org.secretdesk.model.Owners;
import org.secretdesk.model.DomainSecretPolicy;

/**
 * What the connected backend can do (its {@link Capabilities}) and its gateway-wide secret policy, and what follows
 * from them for the whole window: the reasons an action is not offered, in the connector's words, the secret limit,
 * the warning window of the expiry markers.
 */
public final class FeaturesViewModel {

    private final ObjectProperty<Capabilities> capabilities = new SimpleObjectProperty<>();
    private final ObjectProperty<DomainSecretPolicy> policy = new SimpleObjectProperty<>();
    private final BooleanSupplier connected;
    /** The operator's own warning window for the markers (Preferences), or null to follow the gateway's. */
    private Duration warningOverride;

    private final BooleanBinding canCreateApplication;
    private final StringBinding newApplicationBlockedReason;
    private final BooleanBinding rotatedSecretModel;
    private final StringBinding renewLabel;
    private final BooleanBinding liveUpdates;
    private final BooleanBinding showsLastUsed;

    FeaturesViewModel(BooleanSupplier connected) {
        this.connected = connected;
        canCreateApplication = Bindings.createBooleanBinding(() -> supports(Feature.CREATE_APPLICATION), capabilities);
        newApplicationBlockedReason = Bindings.createStringBinding(() -> blockedBy(Feature.CREATE_APPLICATION, null),
                capabilities);
        rotatedSecretModel = Bindings.createBooleanBinding(() -> supports(Feature.ROTATED_SECRET), capabilities);
        renewLabel = Bindings.createStringBinding(() -> supports(Feature.ROTATED_SECRET) ? "Regenerate" : "Renew",
                capabilities);
        liveUpdates = Bindings.createBooleanBinding(() -> capabilities.get() == null || supports(Feature.LIVE_EVENTS),
                capabilities);
        showsLastUsed = Bindings.createBooleanBinding(() -> capabilities.get() == null || supports(Feature.LAST_USED),
                capabilities);
    }

    void apply(Capabilities caps, DomainSecretPolicy domainPolicy) {
        capabilities.set(caps);
        policy.set(domainPolicy);
    }

    void policySaved(DomainSecretPolicy saved) {
        policy.set(saved);
    }

    public boolean supports(Feature f) {
        Capabilities caps = capabilities.get();
        return connected.getAsBoolean() && caps != null && caps.supports(f);
    }

    /**
     * Why {@code feature} is not available with the connected gateway, in the connector's words (naming the
     * backend), or null when it is (or nothing is connected yet).
     */
    public String explainMissing(Feature feature) {
        Capabilities caps = capabilities.get();
        return caps == null || !connected.getAsBoolean() || caps.supports(feature) ? null : caps.explain(feature);
    }

    /** Every explanation of what the connected gateway cannot do, one sentence per missing feature, deduplicated. */
    public List<String> limitations() {
        Capabilities caps = capabilities.get();
        if (caps == null) {
            return List.of();
        }
        LinkedHashSet<String> lines = new LinkedHashSet<>();
        for (Feature f : Feature.values()) {
            if (!caps.supports(f) && caps.explanations().containsKey(f)) {
                lines.add(caps.explain(f));
            }
        }
        return List.copyOf(lines);
    }

    /**
     * The application's roles, or, where the backend keeps them to itself, where they are managed (issue 25:
     * Keycloak showed "Roles: none" for service-account clients that have realm roles).
     */
    public String rolesText(Application app) {
        Capabilities caps = capabilities.get();
        if (caps != null && !caps.supports(Feature.ROLES)) {
            return app.roles().isEmpty() ? caps.explain(Feature.ROLES)
                    : "Roles: " + String.join(", ", app.roles()) + " (read-only)";
        }
        return app.roles().isEmpty() ? "Roles: none" : "Roles: " + String.join(", ", app.roles());
    }

    /**
     * Who gets the application's warnings (issue 23): "Owners: alice@example.com, bob@example.com · team Payments",
     * or that it has none; empty on a gateway without owners.
     */
    public String ownersText(Application app) {
        Capabilities caps = capabilities.get();
        if (caps == null || !caps.supports(Feature.OWNERS)) {
            return "";
        }
        Owners owners = app.owners() == null ? Owners.NONE : app.owners();
        if (owners.emails().isEmpty()) {
            return owners.team() == null ? "Owners: none — warnings go to the gateway-wide channels only"
                    : "Team " + owners.team() + " · no owner addresses — warnings go to the gateway-wide channels only";
        }
        return "Owners: " + String.join(", ", owners.emails()) + (owners.team() == null ? "" : " · team "
                + owners.team());
    }

    /** Not connected, or the backend's reason for lacking {@code feature}; else {@code otherwise}. */
    String blockedBy(Feature feature, String otherwise) {
        if (capabilities.get() == null || !connected.getAsBoolean()) {
            return "Not connected to a gateway.";
        }
        if (!supports(feature)) {
            return capabilities.get().explain(feature);
        }
        return otherwise;
    }

    /** The backend's explanation of {@code feature} whether it has it or not. */
    String explain(Feature feature) {
        return capabilities.get().explain(feature);
    }

    boolean known() {
        return capabilities.get() != null && connected.getAsBoolean();
    }

    /** Secrets an application may have, or 0 when unlimited. */
    int maxSecrets() {
        Capabilities caps = capabilities.get();
        if (caps != null && caps.maxSecretsPerApplication() > 0) {
            return caps.maxSecretsPerApplication();
        }
        DomainSecretPolicy p = policy.get();
        return p == null ? 0 : p.maxSecretsPerApplication();
    }

    /** Preferences: the markers' warning window (null follows the gateway's largest notification threshold). */
    void setWarningOverride(Duration window) {
        warningOverride = window;
    }

    /** The largest notification threshold: a secret inside it has already triggered a warning. */
    Duration warningWindow() {
        if (warningOverride != null) {
            return warningOverride;
        }
        return thresholds().stream().max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    List<Duration> thresholds() {
        DomainSecretPolicy p = policy.get();
        return p == null ? DomainSecretPolicy.DEFAULT_THRESHOLDS : p.notifyBefore();
    }

    /** Whether the gateway keeps an audit log. */
    public boolean canShowAudit() {
        return supports(Feature.AUDIT);
    }

    /** Whether the gateway has a gateway-wide policy to edit. */
    public boolean canEditGatewayPolicy() {
        return supports(Feature.DOMAIN_POLICY);
    }

    public ReadOnlyObjectProperty<Capabilities> capabilitiesProperty() {
        return capabilities;
    }

    public ReadOnlyObjectProperty<DomainSecretPolicy> policyProperty() {
        return policy;
    }

    public BooleanBinding canCreateApplication() {
        return canCreateApplication;
    }

    public StringBinding newApplicationBlockedReason() {
        return newApplicationBlockedReason;
    }

    /** Whether the gateway keeps one current plus one rotated secret (Keycloak). */
    public BooleanBinding rotatedSecretModel() {
        return rotatedSecretModel;
    }

    /** "Renew", or "Regenerate" for a gateway that keeps one current secret (Keycloak). */
    public StringBinding renewLabel() {
        return renewLabel;
    }

    /** False when the gateway publishes no changes: the window then offers Refresh. */
    public BooleanBinding liveUpdates() {
        return liveUpdates;
    }

    /** Whether the gateway records when a secret was last used. */
    public BooleanBinding showsLastUsed() {
        return showsLastUsed;
    }
}
