package org.secretdesk.ui.mainwindow;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.Notification;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.ui.common.Background;

/**
 * Which applications have a secret marked leaked (issue 22), for the applications list: an application is marked
 * while one of its secrets, as last read, is {@link SecretSummary#leaked()} — until it is renewed or deleted. The
 * gateway's list of applications does not say it, so the marks come from the secrets the window reads anyway (the
 * selected application's, the search's) and, for a leak reported elsewhere, from the gateway's {@code SECRET_LEAKED}
 * notifications: the secrets of an application named in a new one are read once, to see whether it is still leaked.
 */
public final class LeakMarks {

    private final SecretCache cache;
    private final ConnectionViewModel connection;
    private final Background background;
    private final Set<String> leaked = new HashSet<>();
    /** The leak notifications already followed up on this connection. */
    private final Set<String> followed = new HashSet<>();
    /** Bumped when a mark changes: the list redraws its rows. */
    private final IntegerProperty revision = new SimpleIntegerProperty();

    LeakMarks(SecretCache cache, ConnectionViewModel connection, Background background) {
        this.cache = cache;
        this.connection = connection;
        this.background = background;
    }

    /** The secrets of {@code applicationId} were read: marked when one of them is leaked. */
    void secretsRead(String applicationId, List<SecretSummary> secrets) {
        boolean changed = secrets.stream().anyMatch(SecretSummary::leaked) ? leaked.add(applicationId)
                : leaked.remove(applicationId);
        if (changed) {
            revision.set(revision.get() + 1);
        }
    }

    /**
     * Notifications arrived: for each new leak report, the named application's secrets are read (unless just read),
     * which marks it or not.
     */
    void notified(List<? extends Notification> notifications) {
        Set<String> toRead = new LinkedHashSet<>();
        for (Notification n : notifications) {
            if (n.type() == Notification.NotificationType.SECRET_LEAKED && n.applicationId() != null
                    && followed.add(n.id()) && cache.fresh(n.applicationId()) == null) {
                toRead.add(n.applicationId());
            }
        }
        GatewayClient client = connection.client();
        if (client == null) {
            return;
        }
        long conn = connection.generation();
        for (String id : toRead) {
            background.call(() -> SecretsViewModel.listAll(client, id), secrets -> {
                if (connection.isCurrent(conn)) {
                    cache.put(id, secrets);
                }
            }, e -> { }); // a mark is a hint: the secrets are read again when the application is selected
        }
    }

    /** Another connection: no marks until its data says so. */
    void reset() {
        leaked.clear();
        followed.clear();
        revision.set(revision.get() + 1);
    }

    public boolean isLeaked(String applicationId) {
        return leaked.contains(applicationId);
    }

    public ReadOnlyIntegerProperty revisionProperty() {
        return revision;
    }
}
