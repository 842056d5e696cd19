package org.secretdesk.ui.notify;

import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.CalendarToken;
import org.secretdesk.model.IssuedCalendarToken;
import org.secretdesk.model.SecretValue;
import org.secretdesk.model.Validation;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.ErrorMessages;

/**
 * The expiry calendar's link (issue 23): the feed's tokens, issuing one (its full URL is shown once, to copy into a
 * calendar application), revoking one (its URL stops working at once) and re-issuing (revoke, then a new one with
 * the same name). The URL is a credential: it is held as a {@link SecretValue} and destroyed when another is issued
 * and when the dialog closes.
 */
public final class CalendarFeedViewModel {

    public static final String WHAT_IT_IS = "Subscribe to this link in a calendar application (Outlook, Google "
            + "Calendar, Thunderbird, Apple Calendar): every secret's expiry appears there as an event, with "
            + "reminders at the warning thresholds of the secret policy. Anyone with the link can read the calendar "
            + "(application names, owners, expiry dates; never a secret value): share it like a password, and "
            + "revoke it when it leaked.";

    private final Background background;
    private final GatewayClient client;
    private final ObservableList<CalendarToken> tokens = FXCollections.observableArrayList();
    private final StringProperty name = new SimpleStringProperty(this, "name", "Team calendar");
    private final ReadOnlyObjectWrapper<SecretValue> link = new ReadOnlyObjectWrapper<>(this, "link");
    private final ReadOnlyStringWrapper linkName = new ReadOnlyStringWrapper(this, "linkName", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);

    public CalendarFeedViewModel(Background background, GatewayClient client) {
        this.background = Objects.requireNonNull(background);
        this.client = Objects.requireNonNull(client);
    }

    public void load() {
        background.call(client::listCalendarTokens, list -> {
            tokens.setAll(list);
            loaded.set(true);
        }, e -> message.set(ErrorMessages.describe(e, "read the calendar links")));
    }

    /** The name a new link gets: required, a label the gateway accepts. */
    public String nameError() {
        return Validation.checkLabel("Name", name.get()).orElse("");
    }

    /** Issues a link named {@link #name()}; its URL is shown until another is issued or the dialog closes. */
    public void issue() {
        if (busy.get() || !nameError().isEmpty()) {
            message.set(nameError());
            return;
        }
        issue(Validation.normalize(name.get()));
    }

    private void issue(String label) {
        busy.set(true);
        message.set("");
        background.call(() -> client.issueCalendarToken(label), this::issued, this::failed);
    }

    private void issued(IssuedCalendarToken issued) {
        busy.set(false);
        showLink(issued.url(), issued.token().name());
        load();
    }

    private void failed(Throwable e) {
        busy.set(false);
        message.set(ErrorMessages.describe(e, "issue a calendar link"));
    }

    private void showLink(SecretValue url, String label) {
        SecretValue old = link.get();
        link.set(url);
        linkName.set(url == null ? "" : label == null ? "" : label);
        if (old != null) {
            old.destroy();
        }
    }

    /** Revokes {@code token} (the caller asked first): its URL answers 401 from now on. */
    public void revoke(CalendarToken token) {
        revokeThen(token, null);
    }

    /** Revokes {@code token} and issues a new link with its name: the old URL stops, the new one is shown. */
    public void reissue(CalendarToken token) {
        revokeThen(token, token.name() == null ? Validation.normalize(name.get()) : token.name());
    }

    private void revokeThen(CalendarToken token, String reissueAs) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        message.set("");
        background.call(() -> {
            client.revokeCalendarToken(token.id());
            return reissueAs == null ? null : client.issueCalendarToken(reissueAs);
        }, issued -> {
            if (issued == null) {
                busy.set(false);
                showLink(null, null);
                load();
            } else {
                issued(issued);
            }
        }, e -> {
            busy.set(false);
            message.set(ErrorMessages.describe(e, "revoke the calendar link"));
            load();
        });
    }

    /** The dialog closed: the shown URL is destroyed. */
    public void close() {
        showLink(null, null);
    }

    public ObservableList<CalendarToken> tokens() {
        return tokens;
    }

    public StringProperty name() {
        return name;
    }

    /** The URL of the link just issued, or null; a credential, destroyed by this model. */
    public ReadOnlyObjectProperty<SecretValue> linkProperty() {
        return link.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty linkNameProperty() {
        return linkName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }
}
