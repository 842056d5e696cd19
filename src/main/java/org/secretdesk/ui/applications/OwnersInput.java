package org.secretdesk.ui.applications;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.secretdesk.client.Capabilities;
import org.secretdesk.model.Owners;
import org.secretdesk.model.Validation;

/**
 * An application's owners as the operator types them (issue 23): e-mail addresses separated by commas, semicolons,
 * spaces or new lines, and an optional team. The rules are the gateway's (plain addresses, at most
 * {@link Owners#MAX_EMAILS}, a team of at most {@link Owners#MAX_TEAM_LENGTH} characters), checked as they are typed.
 */
public final class OwnersInput {

    /** Where the warnings about an application go, said beside the field. */
    public static final String WHERE_NOTIFICATIONS_GO = "Warnings about this application's secrets (expiring, "
            + "expired, renewed, leaked) go to these addresses by the gateway's e-mail channels, and to every other "
            + "channel (webhooks, the SIEM) with the owners named.";

    private final StringProperty emails = new SimpleStringProperty(this, "emails", "");
    private final StringProperty team = new SimpleStringProperty(this, "team", "");
    private final StringBinding emailsError;
    private final StringBinding teamError;
    private final BooleanBinding valid;
    private final BooleanBinding changed;
    private final Owners initial;
    private final Capabilities capabilities;

    /** {@code initial} null: none yet. {@code capabilities}: whether the gateway keeps owners at all. */
    public OwnersInput(Owners initial, Capabilities capabilities) {
        this.initial = initial == null ? Owners.NONE : initial;
        this.capabilities = capabilities;
        emails.set(String.join(", ", this.initial.emails()));
        team.set(this.initial.team() == null ? "" : this.initial.team());
        emailsError = Bindings.createStringBinding(() -> emailsError(emails.get()), emails);
        teamError = Bindings.createStringBinding(() -> {
            String t = team.get() == null ? "" : team.get().strip();
            if (t.length() > Owners.MAX_TEAM_LENGTH) {
                return "The team is at most " + Owners.MAX_TEAM_LENGTH + " characters.";
            }
            return Validation.hasControlCharacters(t) ? "The team cannot contain control characters." : "";
        }, team);
        valid = Bindings.createBooleanBinding(() -> emailsError.get().isEmpty() && teamError.get().isEmpty(),
                emailsError, teamError);
        changed = Bindings.createBooleanBinding(() -> !value().equals(this.initial), emails, team);
    }

    private static String emailsError(String text) {
        List<String> list = split(text);
        for (String e : list) {
            if (!Owners.isEmail(e)) {
                return "“" + (e.length() > 60 ? e.substring(0, 60) + "…" : e) + "” is not an e-mail address "
                        + "(name@example.com).";
            }
        }
        if (list.size() > Owners.MAX_EMAILS) {
            return "At most " + Owners.MAX_EMAILS + " addresses (" + list.size() + " given).";
        }
        return "";
    }

    /** The addresses typed, in order, without the separators. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String part : text.split("[,;\\s]+")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    /** Whether the gateway keeps owners (issue 23); else {@link #unavailable()} says why. */
    public boolean supported() {
        return capabilities.supports(Capabilities.Feature.OWNERS);
    }

    public String unavailable() {
        return capabilities.explain(Capabilities.Feature.OWNERS);
    }

    public StringProperty emails() {
        return emails;
    }

    public StringProperty team() {
        return team;
    }

    public StringBinding emailsError() {
        return emailsError;
    }

    public StringBinding teamError() {
        return teamError;
    }

    public BooleanBinding valid() {
        return valid;
    }

    /** The owners as typed (only when {@link #valid()}). */
    public Owners value() {
        return new Owners(split(emails.get()), team.get());
    }

    /** Whether they differ from what the application had (the order of the addresses included). */
    public BooleanBinding changed() {
        return changed;
    }
}
