package org.secretdesk.ui.reveal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import org.secretdesk.client.Capabilities;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretValue;
import org.secretdesk.ui.common.RelativeTime;

/**
 * The one-time reveal: which secret, whether the operator has kept it somewhere (copied, saved to a file or
 * ticked "stored elsewhere"), and the rule that the dialog only closes silently once they have. Owns the
 * {@link SecretValue} from construction and wipes it in {@link #wipe()}.
 */
public final class RevealViewModel {

    public static final String TITLE = "Copy your client secret";
    /** The SecretDesk gateway's warning; other backends say what they keep ({@link Capabilities#custody()}). */
    public static final String WARNING = Capabilities.HASH_ONLY;
    /** The one question before closing on a secret that was neither copied nor saved (the title says the rest). */
    public static final String CLOSE_TITLE = "Close without keeping the secret?";
    public static final String CLOSE_QUESTION = "You have not copied the secret, saved it to a file or stored it "
            + "elsewhere. It cannot be shown again.";
    public static final String CLOSE_CONFIRM = "Discard the secret";

    private final String applicationName;
    private final String description;
    private final String clientId;
    private final Instant expiresAt;
    private final Instant graceUntil;
    private final SecretValue secret;
    private final Consumer<SecretValue> secretCopier;
    private final Consumer<String> textCopier;
    private final Clock clock;
    private final String warning;

    private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown", false);
    private final ReadOnlyBooleanWrapper copied = new ReadOnlyBooleanWrapper(this, "copied", false);
    private final ReadOnlyObjectWrapper<Path> savedTo = new ReadOnlyObjectWrapper<>(this, "savedTo");
    private final BooleanProperty storedElsewhere = new SimpleBooleanProperty(this, "storedElsewhere", false);
    private final ReadOnlyBooleanWrapper wiped = new ReadOnlyBooleanWrapper(this, "wiped", false);
    private final BooleanBinding kept;

    /**
     * @param issued       takes ownership of {@code issued.value()}
     * @param secretCopier puts a secret on the clipboard (the clipboard guard)
     * @param textCopier   puts a non-secret text on the clipboard
     */
    /** For the SecretDesk gateway, which keeps only a hash of the value. */
    public RevealViewModel(String applicationName, IssuedSecret issued, Consumer<SecretValue> secretCopier,
                           Consumer<String> textCopier, Clock clock) {
        this(applicationName, issued, secretCopier, textCopier, clock, WARNING);
    }

    /** @param warning what the backend keeps of the value, from its {@link Capabilities#custody()} */
    public RevealViewModel(String applicationName, IssuedSecret issued, Consumer<SecretValue> secretCopier,
                           Consumer<String> textCopier, Clock clock, String warning) {
        this.warning = Objects.requireNonNull(warning);
        this.applicationName = Objects.requireNonNull(applicationName);
        this.description = issued.secret() == null ? "" : issued.secret().description();
        this.expiresAt = issued.secret() == null ? null : issued.secret().expiresAt();
        this.graceUntil = issued.secret() == null ? null : issued.secret().graceUntil();
        // A backend may not tell the client id (a Gravitee AM role that cannot read it): the secret is shown anyway.
        this.clientId = Objects.requireNonNullElse(issued.clientId(), "");
        this.secret = Objects.requireNonNull(issued.value());
        this.secretCopier = Objects.requireNonNull(secretCopier);
        this.textCopier = Objects.requireNonNull(textCopier);
        this.clock = Objects.requireNonNull(clock);
        this.kept = Bindings.createBooleanBinding(
                () -> copied.get() || savedTo.get() != null || storedElsewhere.get(),
                copied, savedTo, storedElsewhere);
    }

    public String applicationName() {
        return applicationName;
    }

    /** That this is the only time SecretDesk shows the value, and what the backend keeps of it. */
    public String warning() {
        return warning;
    }

    public String description() {
        return description;
    }

    public String clientId() {
        return clientId;
    }

    /** The secret, for the display field and the file writer only. Throws once wiped. */
    public SecretValue secret() {
        return secret;
    }

    /** "Expires 2027-02-21 14:05 (in 2 h)" or "Never expires": the time too, for a secret of a few hours. */
    public String expiryText() {
        if (expiresAt == null) {
            return "Never expires";
        }
        RelativeTime times = new RelativeTime(clock.getZone());
        return "Expires " + times.exact(expiresAt) + " (" + times.relative(expiresAt, clock.instant(), "") + ")";
    }

    /** After a renew with a grace period: until when the previous value keeps working; empty otherwise. */
    public String graceText() {
        if (graceUntil == null) {
            return "";
        }
        RelativeTime times = new RelativeTime(clock.getZone());
        return "The previous value keeps working until " + times.exact(graceUntil) + " ("
                + times.relative(graceUntil, clock.instant(), "") + "); after that only the new one works.";
    }

    /** The file name offered for saving, after the application: "billing-service.client-secret.json". */
    public String suggestedFileName(ClientSecretFile.Format format) {
        String base = applicationName.strip().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[.-]+", "");
        base = base.isEmpty() ? "client" : base;
        return base + (format == ClientSecretFile.Format.DATAMINER ? ".dataminer-client-secret.json"
                : ".client-secret.json");
    }

    public BooleanProperty shownProperty() {
        return shown;
    }

    public ReadOnlyBooleanProperty copiedProperty() {
        return copied.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Path> savedToProperty() {
        return savedTo.getReadOnlyProperty();
    }

    public BooleanProperty storedElsewhereProperty() {
        return storedElsewhere;
    }

    public ReadOnlyBooleanProperty wipedProperty() {
        return wiped.getReadOnlyProperty();
    }

    /** True once the operator copied, saved or said they stored the secret: Done is enabled. */
    public BooleanBinding canFinishBinding() {
        return kept;
    }

    /** Whether closing now (Esc, window close) must ask {@link #CLOSE_QUESTION} first. */
    public boolean closeNeedsConfirmation() {
        return !wiped.get() && !kept.get();
    }

    public void copySecret() {
        ensureAlive();
        secretCopier.accept(secret);
        copied.set(true);
    }

    public void copyClientId() {
        textCopier.accept(clientId);
    }

    /** The client-secret file was written to {@code path}. */
    public void markSaved(Path path) {
        savedTo.set(Objects.requireNonNull(path));
    }

    /** Zeroes the secret's characters; the dialog is closing. Safe to call twice. */
    public void wipe() {
        if (!wiped.get()) {
            secret.destroy();
            shown.set(false);
            wiped.set(true);
        }
    }

    private void ensureAlive() {
        if (wiped.get()) {
            throw new IllegalStateException("The secret was already wiped");
        }
    }
}
