package org.secretdesk.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.server.events.EventBus;
import org.secretdesk.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries live changes between the nodes of a cluster with PostgreSQL LISTEN/NOTIFY. A write sends its events
 * with {@code pg_notify} inside its own transaction, so they are delivered exactly when it commits (and never for
 * a rolled-back write); every other node hands them to its local {@link EventBus}, which feeds its SSE clients.
 * A second channel carries cluster control messages ({@code ca}: the CA was rotated; {@code keys}: the signing
 * keys changed). Payloads carry ids and versions only, never a secret.
 */
public final class ClusterEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterEvents.class);
    static final String EVENTS_CHANNEL = "secretdesk_events";
    static final String CONTROL_CHANNEL = "secretdesk_cluster";
    public static final String CONTROL_CA = "ca";
    public static final String CONTROL_KEYS = "keys";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final EventBus bus;
    private final String nodeId;
    private final Consumer<String> onControl;
    private final CountDownLatch listening = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;

    private ClusterEvents(Database db, EventBus bus, String nodeId, Consumer<String> onControl) {
        this.db = db;
        this.bus = bus;
        this.nodeId = nodeId;
        this.onControl = onControl;
        this.thread = new Thread(this::listenLoop, "secretdesk-cluster-listener");
        this.thread.setDaemon(true);
    }

    /** Starts listening; returns once the LISTEN is in place (so no later change is missed). */
    public static ClusterEvents start(Database db, EventBus bus, String nodeId, Consumer<String> onControl) {
        ClusterEvents e = new ClusterEvents(db, bus, nodeId, onControl);
        e.thread.start();
        try {
            if (!e.listening.await(30, TimeUnit.SECONDS)) {
                e.close();
                throw new IllegalStateException("Could not LISTEN for cluster events on the database");
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            e.close();
            throw new IllegalStateException(ex);
        }
        return e;
    }

    /** Inside a write transaction, just before its commit: queues its events for the other nodes. */
    public void beforeCommit(Connection c, List<GatewayEvent> events) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            for (GatewayEvent e : events) {
                ObjectNode n = JSON.createObjectNode();
                n.put("node", nodeId);
                n.put("type", e.type());
                n.put("applicationId", e.applicationId());
                n.put("secretId", e.secretId());
                if (e.version() != null) {
                    n.put("version", e.version());
                }
                ps.setString(1, EVENTS_CHANNEL);
                ps.setString(2, n.toString());
                ps.executeQuery().close();
            }
        }
    }

    /** Tells the other nodes that shared key material changed ({@link #CONTROL_CA}, {@link #CONTROL_KEYS}). */
    public void sendControl(String type) {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                ps.setString(1, CONTROL_CHANNEL);
                ps.setString(2, nodeId + " " + type);
                ps.executeQuery().close();
            }
            return null;
        });
    }

    private void listenLoop() {
        long backoff = 500;
        while (!closed) {
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + EVENTS_CHANNEL);
                    s.execute("LISTEN " + CONTROL_CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                if (listening.getCount() == 0) {
                    LOG.info("Listening for cluster events again");
                }
                listening.countDown();
                backoff = 500;
                while (!closed) {
                    PGNotification[] batch = pg.getNotifications(250);
                    if (batch != null) {
                        for (PGNotification n : batch) {
                            dispatch(n);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                // Changes made while the connection was down are not replayed; consoles refresh on reconnect.
                LOG.warn("Lost the cluster event connection ({}); retrying", e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private void dispatch(PGNotification n) {
        try {
            if (EVENTS_CHANNEL.equals(n.getName())) {
                JsonNode j = JSON.readTree(n.getParameter());
                if (nodeId.equals(j.path("node").asText())) {
                    return; // this node already published it after its commit
                }
                bus.publish(new GatewayEvent(j.path("type").asText(), text(j, "applicationId"), text(j, "secretId"),
                        j.hasNonNull("version") ? j.get("version").asLong() : null));
            } else if (CONTROL_CHANNEL.equals(n.getName())) {
                String[] parts = n.getParameter().split(" ", 2);
                if (parts.length == 2 && !parts[0].equals(nodeId)) {
                    onControl.accept(parts[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring an unreadable cluster notification: {}", e.getClass().getSimpleName());
        }
    }

    private static String text(JsonNode j, String field) {
        return j.hasNonNull(field) ? j.get(field).asText() : null;
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
