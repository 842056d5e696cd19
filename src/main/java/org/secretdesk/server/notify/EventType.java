package org.secretdesk.server.notify;

/** What a channel can be sent (its event filter names these). */
public enum EventType {
    SECRET_EXPIRING(5, "Client secret expires soon", "Renew it before it expires, then give the new value to the "
            + "application."),
    SECRET_EXPIRED(4, "Client secret expired", "The application can no longer get tokens with it: renew it now and "
            + "give the new value to the application."),
    SECRET_RENEWED(6, "Client secret renewed", "Make sure the application uses the new value."),
    SECRET_DELETED(6, "Client secret deleted", "The application can no longer get tokens with it."),
    SECRET_LEAKED(3, "Client secret leaked", "Renew it now, give the new value to the application and remove the "
            + "leaked value from where it was found."),
    ADMIN_AUTH_FAILURES(4, "Failed admin authentications", "Check the audit trail for the addresses that sent invalid "
            + "admin keys."),
    CA_ROTATED(5, "Root CA rotated", "Give external clients the new root CA certificate (GET /api/v1/ca)."),
    /** Every record of the audit trail (a SIEM's feed). */
    AUDIT(6, "Audit record", ""),
    /** "Send a test" from the API or the console. */
    TEST(6, "Test notification", "Nothing to do: this channel works.");

    private final int severity;
    private final String title;
    private final String action;

    EventType(int severity, String title, String action) {
        this.severity = severity;
        this.title = title;
        this.action = action;
    }

    /** RFC 5424 severity: 3 error, 4 warning, 5 notice, 6 informational. */
    public int severity() {
        return severity;
    }

    public String title() {
        return title;
    }

    /** What a person should do about it. */
    public String action() {
        return action;
    }
}
