package org.secretdesk.ui.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import org.secretdesk.client.ChannelSpec;
import org.secretdesk.model.Channel;
import org.secretdesk.model.ChannelEvent;
import org.secretdesk.model.ChannelSettings;
import org.secretdesk.model.Owners;
import org.secretdesk.model.SecretValue;
import org.secretdesk.model.Validation;
import org.secretdesk.ui.common.ErrorMessages;
import org.secretdesk.ui.common.Submission;
import org.secretdesk.ui.common.TypedSecret;

/**
 * The rules of "Add channel" and "Edit channel" (issue 23): a name, the event filter, and per kind its settings,
 * each with its own message as it is typed. The credential (a webhook's signing key, the SMTP password) is a
 * {@link TypedSecret}: never a String, wiped when the form closes, never shown back — editing a channel that has one
 * leaves it unchanged unless a new one is typed. A failed save keeps everything typed; a change made elsewhere
 * meanwhile (412) is said, and a second Save replaces it.
 */
public final class ChannelFormViewModel {

    /** A webhook's signing key: the gateway asks for 16 characters or more. */
    public static final int MIN_SIGNING_KEY = 16;
    public static final String UNCHANGED = "Unchanged — type a new one to replace it.";

    /** What Save sends: the channel and, when one was typed, a copy of the credential the caller destroys. */
    public record Request(ChannelSpec spec, SecretValue credential) {
    }

    private final Channel editing;
    private long expectedVersion;
    private final ObjectProperty<Channel.Kind> kind = new SimpleObjectProperty<>(this, "kind", Channel.Kind.WEBHOOK);
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled", true);
    private final ObservableSet<ChannelEvent> events = FXCollections.observableSet(EnumSet.noneOf(ChannelEvent.class));
    private final StringProperty url = new SimpleStringProperty(this, "url", "");
    private final StringProperty host = new SimpleStringProperty(this, "host", "");
    private final StringProperty port = new SimpleStringProperty(this, "port", "");
    private final StringProperty security = new SimpleStringProperty(this, "security", "STARTTLS");
    private final StringProperty username = new SimpleStringProperty(this, "username", "");
    private final StringProperty from = new SimpleStringProperty(this, "from", "");
    private final StringProperty to = new SimpleStringProperty(this, "to", "");
    private final BooleanProperty toOwners = new SimpleBooleanProperty(this, "toOwners", true);
    private final StringProperty transport = new SimpleStringProperty(this, "transport", "TLS");
    private final StringProperty format = new SimpleStringProperty(this, "format", "JSON");
    private final StringProperty caCertificate = new SimpleStringProperty(this, "caCertificate", "");
    private final TypedSecret credential = new TypedSecret();
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(this, "stale", false);
    private final Submission submission = new Submission();

    private final StringBinding nameError;
    private final StringBinding eventsError;
    private final StringBinding urlError;
    private final StringBinding hostError;
    private final StringBinding portError;
    private final StringBinding fromError;
    private final StringBinding toError;
    private final StringBinding credentialError;
    private final StringBinding caError;
    private final StringBinding credentialNote;
    private final BooleanBinding valid;
    private final BooleanProperty credentialTyped = new SimpleBooleanProperty(this, "credentialTyped", false);
    private final StringBinding nameShown;
    private final StringBinding urlShown;
    private final StringBinding hostShown;
    private final StringBinding fromShown;
    private final StringBinding credentialShown;

    /** An empty form for a new channel. */
    public ChannelFormViewModel() {
        this(null);
    }

    /** The form for {@code channel}, or for a new one when null. */
    public ChannelFormViewModel(Channel channel) {
        this.editing = channel;
        if (channel == null) {
            events.addAll(ChannelEvent.defaults(Channel.Kind.WEBHOOK));
            kind.addListener((obs, was, now) -> events.clear());
            kind.addListener((obs, was, now) -> events.addAll(ChannelEvent.defaults(now)));
        } else {
            expectedVersion = channel.version();
            fill(channel);
        }
        nameError = binding(() -> Validation.checkLabel("Name", name.get()).orElse(""), name);
        eventsError = binding(() -> events.isEmpty() ? "Choose at least one event." : "", events);
        urlError = binding(() -> kind.get() != Channel.Kind.WEBHOOK ? "" : urlError(url.get()), kind, url);
        hostError = binding(() -> kind.get() == Channel.Kind.WEBHOOK ? "" : hostError(host.get()), kind, host);
        portError = binding(() -> kind.get() == Channel.Kind.WEBHOOK ? "" : portError(port.get()), kind, port);
        fromError = binding(() -> kind.get() != Channel.Kind.EMAIL || Owners.isEmail(from.get()) ? ""
                : "The sender must be an e-mail address (secretdesk@example.com).", kind, from);
        toError = binding(() -> kind.get() != Channel.Kind.EMAIL ? "" : toError(to.get()), kind, to);
        credentialError = binding(this::credentialRule, kind, username, credential.lengthProperty());
        caError = binding(() -> caCertificate.get().isBlank() || caCertificate.get().contains(
                "-----BEGIN CERTIFICATE-----") ? "" : "Paste the CA certificate in PEM (-----BEGIN CERTIFICATE-----…).",
                caCertificate);
        credentialNote = binding(() -> editing != null && editing.credentialSet()
                && credential.lengthProperty().get() == 0
                && credentialUsed() ? UNCHANGED : "", kind, username, credential.lengthProperty());
        valid = Bindings.createBooleanBinding(() -> nameError.get().isEmpty() && eventsError.get().isEmpty()
                        && urlError.get().isEmpty() && hostError.get().isEmpty() && portError.get().isEmpty()
                        && fromError.get().isEmpty() && toError.get().isEmpty() && credentialError.get().isEmpty()
                        && caError.get().isEmpty(), nameError, eventsError, urlError, hostError, portError, fromError,
                toError, credentialError, caError);
        // A fresh form is not all red: a required field's message waits until something was typed into it.
        nameShown = untilTyped(name, nameError);
        urlShown = untilTyped(url, urlError);
        hostShown = untilTyped(host, hostError);
        fromShown = untilTyped(from, fromError);
        // The SMTP password is asked for as soon as a user name is typed.
        credentialShown = Bindings.createStringBinding(() -> credentialTyped.get() || isEdit()
                || kind.get() == Channel.Kind.EMAIL ? credentialError.get() : "", credentialTyped, credentialError,
                kind);
        credential.lengthProperty().addListener((obs, o, n) -> credentialTyped.set(true));
    }

    private StringBinding untilTyped(StringProperty field, StringBinding error) {
        BooleanProperty typed = new SimpleBooleanProperty(isEdit());
        field.addListener((obs, o, n) -> typed.set(true));
        return Bindings.createStringBinding(() -> typed.get() ? error.get() : "", typed, error);
    }

    private void fill(Channel c) {
        kind.set(c.kind());
        name.set(c.name());
        enabled.set(c.enabled());
        events.addAll(c.events());
        ChannelSettings s = c.settings();
        url.set(orEmpty(s.url()));
        host.set(orEmpty(s.host()));
        port.set(s.port() == null ? "" : s.port().toString());
        security.set(s.security() == null ? "STARTTLS" : s.security());
        username.set(orEmpty(s.username()));
        from.set(orEmpty(s.from()));
        to.set(String.join(", ", s.to()));
        toOwners.set(s.toOwners() == null || s.toOwners());
        transport.set(s.transport() == null ? "TLS" : s.transport());
        format.set(s.format() == null ? "JSON" : s.format());
        caCertificate.set(orEmpty(s.caCertificate()));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static StringBinding binding(java.util.concurrent.Callable<String> rule, Observable... on) {
        return Bindings.createStringBinding(rule, on);
    }

    static String urlError(String text) {
        String t = Validation.normalize(text);
        if (t.isEmpty()) {
            return "The receiver's URL is required.";
        }
        try {
            URI u = new URI(t);
            if (!"https".equalsIgnoreCase(u.getScheme())) {
                return "The URL must start with https:// (events are never sent in clear).";
            }
            if (u.getHost() == null || u.getUserInfo() != null) {
                return "The URL needs a host, and no user name or password in it.";
            }
            return "";
        } catch (URISyntaxException e) {
            return "This is not a URL (https://hooks.example.com/secretdesk).";
        }
    }

    static String hostError(String text) {
        String t = Validation.normalize(text);
        if (t.isEmpty()) {
            return "The server's host name is required.";
        }
        return t.matches("[A-Za-z0-9.:\\[\\]-]{1,253}") ? "" : "A host name or an IP address (smtp.example.com).";
    }

    static String portError(String text) {
        String t = Validation.normalize(text);
        if (t.isEmpty()) {
            return "";
        }
        try {
            int p = Integer.parseInt(t);
            return p >= 1 && p <= 65535 ? "" : "The port is a number from 1 to 65535.";
        } catch (NumberFormatException e) {
            return "The port is a number from 1 to 65535.";
        }
    }

    private static String toError(String text) {
        for (String address : addresses(text)) {
            if (!Owners.isEmail(address)) {
                return "“" + address + "” is not an e-mail address.";
            }
        }
        return "";
    }

    private static List<String> addresses(String text) {
        return java.util.Arrays.stream(Validation.normalize(text).split("[,;\\s]+")).filter(s -> !s.isBlank())
                .toList();
    }

    /** Whether this kind of channel takes a credential as set now (syslog none; e-mail only with a user). */
    private boolean credentialUsed() {
        return switch (kind.get()) {
            case WEBHOOK -> true;
            case EMAIL -> !Validation.normalize(username.get()).isEmpty();
            case SYSLOG -> false;
        };
    }

    private String credentialRule() {
        // Read through the property: an invalidation is only sent again once its value was read.
        int typed = credential.lengthProperty().get();
        if (!credentialUsed()) {
            return "";
        }
        boolean keep = editing != null && editing.credentialSet() && typed == 0;
        if (keep) {
            return "";
        }
        if (kind.get() == Channel.Kind.WEBHOOK) {
            return typed >= MIN_SIGNING_KEY ? "" : "The signing key is at least " + MIN_SIGNING_KEY
                    + " characters: receivers check each event's signature with it.";
        }
        return typed == 0 ? "The SMTP password is required with a user name." : "";
    }

    // ---------------------------------------------------------------- state

    /** True when editing an existing channel (its kind is fixed). */
    public boolean isEdit() {
        return editing != null;
    }

    public Channel editing() {
        return editing;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public ObjectProperty<Channel.Kind> kind() {
        return kind;
    }

    public StringProperty name() {
        return name;
    }

    public BooleanProperty enabled() {
        return enabled;
    }

    public ObservableSet<ChannelEvent> events() {
        return events;
    }

    public StringProperty url() {
        return url;
    }

    public StringProperty host() {
        return host;
    }

    public StringProperty port() {
        return port;
    }

    public StringProperty security() {
        return security;
    }

    public StringProperty username() {
        return username;
    }

    public StringProperty from() {
        return from;
    }

    public StringProperty to() {
        return to;
    }

    public BooleanProperty toOwners() {
        return toOwners;
    }

    public StringProperty transport() {
        return transport;
    }

    public StringProperty format() {
        return format;
    }

    public StringProperty caCertificate() {
        return caCertificate;
    }

    /** The signing key or SMTP password as typed. */
    public TypedSecret credential() {
        return credential;
    }

    /** The name's message (empty on a fresh form until something was typed; {@link #valid()} checks regardless). */
    public StringBinding nameError() {
        return nameShown;
    }

    public StringBinding eventsError() {
        return eventsError;
    }

    public StringBinding urlError() {
        return urlShown;
    }

    public StringBinding hostError() {
        return hostShown;
    }

    public StringBinding portError() {
        return portError;
    }

    public StringBinding fromError() {
        return fromShown;
    }

    public StringBinding toError() {
        return toError;
    }

    public StringBinding credentialError() {
        return credentialShown;
    }

    public StringBinding caError() {
        return caError;
    }

    /** "Unchanged — …" while editing a channel with a credential and none was typed. */
    public StringBinding credentialNote() {
        return credentialNote;
    }

    public BooleanBinding valid() {
        return valid;
    }

    /** Set after a 412 until the next Save: it then replaces the other change. */
    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    public Submission submission() {
        return submission;
    }

    /** The default port for the chosen kind and TLS mode, as a hint in the port field. */
    public String defaultPort() {
        return switch (kind.get()) {
            case WEBHOOK -> "";
            case EMAIL -> "TLS".equals(security.get()) ? "465" : "587";
            case SYSLOG -> "TLS".equals(transport.get()) ? "6514" : "601";
        };
    }

    // ---------------------------------------------------------------- saving

    /** What to send, marking the form busy; empty while something is invalid or a save is under way. */
    public Optional<Request> begin() {
        if (!valid.get() || submission.isBusy()) {
            return Optional.empty();
        }
        submission.start();
        String ca = Validation.normalize(caCertificate.get());
        String p = Validation.normalize(port.get());
        Integer portNumber = p.isEmpty() ? null : Integer.valueOf(p);
        ChannelSettings settings = switch (kind.get()) {
            case WEBHOOK -> ChannelSettings.webhook(Validation.normalize(url.get()), ca);
            case EMAIL -> ChannelSettings.email(Validation.normalize(host.get()), portNumber, security.get(),
                    blankToNull(username.get()), Validation.normalize(from.get()), addresses(to.get()),
                    toOwners.get(), ca);
            case SYSLOG -> ChannelSettings.syslog(Validation.normalize(host.get()), portNumber, transport.get(),
                    format.get(), ca);
        };
        ChannelSpec spec = new ChannelSpec(Validation.normalize(name.get()), kind.get(), enabled.get(),
                List.copyOf(events), settings);
        SecretValue typed = credentialUsed() && !credential.isEmpty() ? credential.copy() : null;
        return Optional.of(new Request(spec, typed));
    }

    private static String blankToNull(String s) {
        String v = Validation.normalize(s);
        return v.isEmpty() ? null : v;
    }

    /** Saved: the typed credential is wiped. */
    public void succeeded() {
        credential.wipe();
        submission.succeeded();
    }

    /**
     * The save failed; everything typed stays. A 412 (someone else changed the channel since it was read) is said
     * and the form becomes stale: the caller reads the channel's version again ({@link #rebase}).
     *
     * @return true when the caller should read the channel again
     */
    public boolean failed(Throwable e) {
        if (ErrorMessages.isPreconditionFailed(e)) {
            stale.set(true);
            submission.failed("Someone else changed this channel since you opened it. What you typed is kept: "
                    + "Save again to replace their change with yours, or Cancel to keep theirs.");
            return true;
        }
        if (ErrorMessages.isNotFound(e) && isEdit()) {
            submission.failed("This channel was removed meanwhile. Cancel, then add it again.");
            return false;
        }
        submission.failed(ErrorMessages.describe(e, isEdit() ? "save the channel" : "add the channel"));
        return false;
    }

    /** The channel as it is now at the gateway (after a 412): the next Save is against its version. */
    public void rebase(Channel current) {
        expectedVersion = current.version();
    }

    /** The form closed: the typed credential is wiped, whatever happened. */
    public void close() {
        credential.wipe();
    }
}
