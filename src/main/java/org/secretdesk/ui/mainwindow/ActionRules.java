package org.secretdesk.ui.mainwindow;

import java.time.Duration;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.value.ObservableValue;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.model.Application;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryMode;
import org.secretdesk.model.SecretSummary;

/**
 * What the selected application and secret allow, and why not: each action's reason for being disabled (null when
 * it is allowed), in the backend's own words where the backend is the reason. The buttons, menu entries and
 * shortcuts all follow these; a shortcut that cannot act says the same reason.
 */
public final class ActionRules {

    private final FeaturesViewModel features;
    private final ApplicationsViewModel applications;
    private final SecretsViewModel secrets;
    private final ConnectionViewModel connection;

    private final StringBinding newSecretBlockedReason;
    private final BooleanBinding canNewSecret;
    private final StringBinding renewBlockedReason;
    private final BooleanBinding canRenew;
    private final StringBinding deleteBlockedReason;
    private final BooleanBinding canDeleteSecret;
    private final StringBinding deleteApplicationBlockedReason;
    private final BooleanBinding canDeleteApplication;
    private final StringBinding editApplicationBlockedReason;
    private final StringBinding applicationPolicyBlockedReason;
    private final StringBinding invalidateRotatedReason;
    private final BooleanBinding canInvalidateRotated;
    private final BooleanBinding canCopySecretId;
    private final StringBinding rotationBlockedReason;
    private final StringBinding secretCountText;
    private final StringBinding expiryPolicyText;

    ActionRules(FeaturesViewModel features, ApplicationsViewModel applications, SecretsViewModel secrets,
                ConnectionViewModel connection) {
        this.features = features;
        ObservableValue<Capabilities> caps = features.capabilitiesProperty();
        ObservableValue<DomainSecretPolicy> policy = features.policyProperty();
        this.applications = applications;
        ObservableValue<Application> app = applications.selectedProperty();
        this.secrets = secrets;
        ObservableValue<SecretSummary> secret = secrets.selectedProperty();
        this.connection = connection;

        newSecretBlockedReason = Bindings.createStringBinding(this::newSecretReason, caps, policy, app,
                secrets.loadedProperty(), secrets.observableAll());
        canNewSecret = newSecretBlockedReason.isNull();
        renewBlockedReason = Bindings.createStringBinding(this::renewReason, secret, caps);
        canRenew = renewBlockedReason.isNull();
        deleteBlockedReason = Bindings.createStringBinding(this::deleteReason, secret, caps, secrets.observableAll());
        canDeleteSecret = deleteBlockedReason.isNull();
        deleteApplicationBlockedReason = Bindings.createStringBinding(() -> features.blockedBy(
                Feature.DELETE_APPLICATION, app.getValue() == null ? "Select an application first." : null), app, caps);
        canDeleteApplication = deleteApplicationBlockedReason.isNull();
        editApplicationBlockedReason = Bindings.createStringBinding(() -> features.blockedBy(Feature.EDIT_APPLICATION,
                app.getValue() == null ? "Select an application first." : null), app, caps);
        applicationPolicyBlockedReason = Bindings.createStringBinding(() -> features.blockedBy(
                Feature.APPLICATION_POLICY, app.getValue() == null ? "Select an application first." : null), app, caps);
        invalidateRotatedReason = Bindings.createStringBinding(() -> {
            if (!features.supports(Feature.ROTATED_SECRET)) {
                return "Not connected to a gateway with rotated secrets.";
            }
            if (rotatedSecret() == null) {
                return "There is no rotated secret: after Regenerate, the previous secret is kept as the rotated one "
                        + "while the realm's secret-rotation policy applies.";
            }
            return null;
        }, caps, secrets.observableAll());
        canInvalidateRotated = invalidateRotatedReason.isNull();
        rotationBlockedReason = Bindings.createStringBinding(this::rotationReason, secret, caps);
        canCopySecretId = Bindings.createBooleanBinding(() -> secret.getValue() != null && caps.getValue() != null,
                secret, caps);
        secretCountText = Bindings.createStringBinding(this::secretCount, app, secrets.observableAll(),
                secrets.loadedProperty(), caps, policy);
        expiryPolicyText = Bindings.createStringBinding(this::expiryPolicy, app, policy, caps);
    }

    private String newSecretReason() {
        if (!features.known()) {
            return "Not connected to a gateway.";
        }
        if (applications.selectedProperty().get() == null) {
            return "Select an application first.";
        }
        if (!features.supports(Feature.CREATE_SECRET)) {
            return features.explain(Feature.CREATE_SECRET);
        }
        if (!secrets.loadedProperty().get()) {
            return "Loading the application's secrets…";
        }
        int max = features.maxSecrets();
        if (max > 0 && secrets.observableAll().size() >= max) {
            return "This application already has " + max + " of " + max
                    + " secrets. Delete one before creating another.";
        }
        return null;
    }

    private String renewReason() {
        SecretSummary s = secrets.selectedProperty().get();
        String blocked = features.blockedBy(Feature.RENEW, s == null ? "Select a secret first." : null);
        if (blocked == null && features.supports(Feature.ROTATED_SECRET)
                && Capabilities.ROTATED_SECRET_ID.equals(s.id())) {
            return "Only the current secret can be regenerated; the rotated one can only be invalidated.";
        }
        return blocked;
    }

    private String rotationReason() {
        SecretSummary s = secrets.selectedProperty().get();
        String blocked = features.blockedBy(Feature.PREVIOUS_VALUE, s == null ? "Select a secret first." : null);
        if (blocked != null) {
            return blocked;
        }
        if (s.previous() == null) {
            return "No rotation in progress: renew with a grace period to keep the old value working while clients "
                    + "switch, then follow them here.";
        }
        return null;
    }

    private String deleteReason() {
        SecretSummary s = secrets.selectedProperty().get();
        String blocked = features.blockedBy(Feature.DELETE_SECRET, s == null ? "Select a secret first." : null);
        if (blocked != null) {
            return blocked;
        }
        if (features.supports(Feature.ROTATED_SECRET)) {
            return Capabilities.ROTATED_SECRET_ID.equals(s.id()) ? null : features.explain(Feature.DELETE_LAST_SECRET);
        }
        if (secrets.observableAll().size() <= 1 && !features.supports(Feature.DELETE_LAST_SECRET)) {
            return features.explain(Feature.DELETE_LAST_SECRET);
        }
        return null;
    }

    private String secretCount() {
        if (applications.selectedProperty().get() == null || !secrets.loadedProperty().get()) {
            return "";
        }
        int n = secrets.observableAll().size();
        int max = features.maxSecrets();
        if (max > 0) {
            return n + " of " + max + " secrets";
        }
        return n == 1 ? "1 secret" : n + " secrets";
    }

    private String expiryPolicy() {
        Application app = applications.selectedProperty().get();
        if (app == null) {
            return "";
        }
        Capabilities caps = features.capabilitiesProperty().get();
        if (caps != null && !caps.supports(Feature.EXPIRY)) {
            return "Expiry: never (this gateway has no expiry)";
        }
        if (caps != null && !caps.supports(Feature.APPLICATION_POLICY)) {
            return "Expiry: set in " + connection.infoProperty().get().kind() + " (read-only here)";
        }
        return switch (app.secretPolicy().mode()) {
            case NEVER -> "Expiry: never (application policy)";
            case CUSTOM -> "Expiry: " + days(app.secretPolicy().expiresAfter()) + " (application policy)";
            case DOMAIN -> {
                DomainSecretPolicy p = features.policyProperty().get();
                if (p == null) {
                    yield "Expiry: gateway policy";
                }
                yield p.expiryEnabled() ? "Expiry: gateway policy (" + days(p.expiresAfter()) + ")"
                        : "Expiry: gateway policy (never)";
            }
        };
    }

    private static String days(Duration d) {
        long days = d.toDays();
        if (days >= 1 && d.equals(Duration.ofDays(days))) {
            return days == 1 ? "1 day" : days + " days";
        }
        long hours = d.toHours();
        return hours == 1 ? "1 hour" : hours + " hours";
    }

    /** Whether the application's own policy overrides the gateway's (for the View's hint). */
    public boolean hasOwnPolicy(Application app) {
        return app.secretPolicy().mode() != ExpiryMode.DOMAIN;
    }

    /** Whether the selected application's expiry policy can be edited. */
    public boolean canEditApplicationPolicy() {
        return applications.selectedProperty().get() != null && features.supports(Feature.APPLICATION_POLICY);
    }

    /** The rotated secret of the selected application (Keycloak), or null. */
    public SecretSummary rotatedSecret() {
        if (!features.supports(Feature.ROTATED_SECRET)) {
            return null;
        }
        for (SecretSummary s : secrets.observableAll()) {
            if (Capabilities.ROTATED_SECRET_ID.equals(s.id())) {
                return s;
            }
        }
        return null;
    }

    public StringBinding newSecretBlockedReason() {
        return newSecretBlockedReason;
    }

    public BooleanBinding canNewSecret() {
        return canNewSecret;
    }

    /** Why Renew is not possible for the selection, or null. */
    public StringBinding renewBlockedReason() {
        return renewBlockedReason;
    }

    public BooleanBinding canRenew() {
        return canRenew;
    }

    /** Why Delete is not possible for the selection, or null. */
    public StringBinding deleteBlockedReason() {
        return deleteBlockedReason;
    }

    public BooleanBinding canDeleteSecret() {
        return canDeleteSecret;
    }

    public StringBinding deleteApplicationBlockedReason() {
        return deleteApplicationBlockedReason;
    }

    public BooleanBinding canDeleteApplication() {
        return canDeleteApplication;
    }

    /** Why the application's description and roles cannot be edited here, or null. */
    public StringBinding editApplicationBlockedReason() {
        return editApplicationBlockedReason;
    }

    /** Why the application's expiry policy cannot be edited here, or null. */
    public StringBinding applicationPolicyBlockedReason() {
        return applicationPolicyBlockedReason;
    }

    public StringBinding invalidateRotatedReason() {
        return invalidateRotatedReason;
    }

    public BooleanBinding canInvalidateRotated() {
        return canInvalidateRotated;
    }

    /** Why the rotation panel cannot be opened for the selection (no previous value, or none on this backend). */
    public StringBinding rotationBlockedReason() {
        return rotationBlockedReason;
    }

    public BooleanBinding canCopySecretId() {
        return canCopySecretId;
    }

    public StringBinding secretCountText() {
        return secretCountText;
    }

    public StringBinding expiryPolicyText() {
        return expiryPolicyText;
    }
}
