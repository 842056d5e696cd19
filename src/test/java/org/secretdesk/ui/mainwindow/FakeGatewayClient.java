package org.secretdesk.ui.mainwindow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.secretdesk.client.ApplicationPatch;
import org.secretdesk.client.AuditQuery;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.CreatedApplication;
import org.secretdesk.client.EventSubscription;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.NewApplication;
import org.secretdesk.model.Application;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.CaInfo;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.GatewayInfo;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Notification;
import org.secretdesk.model.Page;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.Role;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;

/** An in-memory gateway for ViewModel tests: reads only, plus switches to go offline and push events. */
final class FakeGatewayClient implements GatewayClient {

    final Map<String, Application> applications = new LinkedHashMap<>();
    final Map<String, List<SecretSummary>> secrets = new LinkedHashMap<>();
    DomainSecretPolicy policy = new DomainSecretPolicy(true, Duration.ofDays(90),
            DomainSecretPolicy.DEFAULT_THRESHOLDS, 10);
    boolean offline;
    final List<Notification> notifications = new ArrayList<>();
    final List<String> notificationSinces = new ArrayList<>();
    int listApplicationCalls;
    int listSecretCalls;
    int subscriptions;
    Consumer<GatewayEvent> onEvent;
    Consumer<Throwable> onFailure;
    /** When set, a stream opens only on {@link #openStream()} (a gateway slow to answer the subscription). */
    boolean holdOpen;
    private Runnable heldOpen;
    /** Runs once, right after the next list of applications was read (another operator acting meanwhile). */
    Runnable afterNextList;
    /** Thrown once by the next {@link #getApplication}. */
    RuntimeException nextGetFailure;
    private final Instant created;

    FakeGatewayClient(Instant created) {
        this.created = created;
    }

    Application addApplication(String id, String name, String description, int secretCount, Instant nextExpiry,
                               int expiredCount) {
        Application a = new Application(id, name, description, "sdc_" + id, List.of("reader"), created, created, 1,
                ExpiryPolicy.FOLLOW_DOMAIN, secretCount, nextExpiry, expiredCount);
        applications.put(id, a);
        return a;
    }

    SecretSummary addSecret(String appId, String id, String description, Instant expiresAt, Instant lastUsed) {
        SecretSummary s = new SecretSummary(id, appId, description, "sds_" + id.substring(0, Math.min(4,
                id.length())), "sds_" + id + "****", created, null, expiresAt, lastUsed, SecretStatus.ACTIVE,
                null, 1);
        secrets.computeIfAbsent(appId, k -> new ArrayList<>()).add(s);
        return s;
    }

    void emit(GatewayEvent event) {
        onEvent.accept(event);
    }

    /** Another operator's change: delivered to a subscriber if there is one, else lost, as on a real gateway. */
    void publish(GatewayEvent event) {
        if (onEvent != null) {
            onEvent.accept(event);
        }
    }

    void openStream() {
        Runnable r = heldOpen;
        heldOpen = null;
        r.run();
    }

    void breakStream() {
        Consumer<Throwable> f = onFailure;
        onFailure = null;
        onEvent = null;
        f.accept(new GatewayException(GatewayException.Kind.OFFLINE, "stream closed", null, null));
    }

    private void check() {
        if (offline) {
            throw new GatewayException(GatewayException.Kind.OFFLINE, "Connection refused", null, null);
        }
    }

    /** The applications' retire-when-quiet policies (issue 21). */
    final Map<String, org.secretdesk.model.RotationPolicy> rotationPolicies = new LinkedHashMap<>();

    @Override
    public org.secretdesk.model.RotationPolicy getRotationPolicy(String applicationId) {
        check();
        return rotationPolicies.getOrDefault(applicationId, org.secretdesk.model.RotationPolicy.NONE);
    }

    /** Every secret not used since {@code unusedSince} (a never-used one counts from its creation). */
    @Override
    public Page<SecretSummary> listUnusedSecrets(Instant unusedSince, int limit, String cursor) {
        check();
        return new Page<>(secrets.values().stream().flatMap(List::stream)
                .filter(s -> !(s.lastUsedAt() == null ? s.createdAt() : s.lastUsedAt()).isAfter(unusedSince))
                .toList(), null);
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(EnumSet.complementOf(EnumSet.of(Capabilities.Feature.ROTATED_SECRET)), 10, Map.of());
    }

    @Override
    public GatewayInfo info() {
        check();
        return null;
    }

    @Override
    public Page<Application> listApplications(String query, int limit, String cursor) {
        check();
        listApplicationCalls++;
        List<Application> all = new ArrayList<>(applications.values());
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        int to = Math.min(all.size(), from + limit);
        Page<Application> page = new Page<>(List.copyOf(all.subList(from, to)),
                to < all.size() ? Integer.toString(to) : null);
        Runnable after = afterNextList;
        afterNextList = null;
        if (after != null) {
            after.run();
        }
        return page;
    }

    @Override
    public Application getApplication(String applicationId) {
        check();
        RuntimeException failure = nextGetFailure;
        nextGetFailure = null;
        if (failure != null) {
            throw failure;
        }
        Application a = applications.get(applicationId);
        if (a == null) {
            throw GatewayException.http(Problem.of(ProblemCode.APPLICATION_NOT_FOUND, "No such application"));
        }
        return a;
    }

    @Override
    public Page<SecretSummary> listSecrets(String applicationId, int limit, String cursor) {
        check();
        listSecretCalls++;
        if (!applications.containsKey(applicationId)) {
            throw GatewayException.http(Problem.of(ProblemCode.APPLICATION_NOT_FOUND, "No such application"));
        }
        return new Page<>(secrets.getOrDefault(applicationId, List.of()), null);
    }

    @Override
    public DomainSecretPolicy getSecretPolicy() {
        check();
        return policy;
    }

    @Override
    public EventSubscription subscribe(Consumer<GatewayEvent> onEvent, Consumer<Throwable> onFailure) {
        check();
        subscriptions++;
        this.onEvent = onEvent;
        this.onFailure = onFailure;
        return () -> {
            if (this.onEvent == onEvent) {
                this.onEvent = null;
                this.onFailure = null;
            }
        };
    }

    @Override
    public EventSubscription subscribe(Consumer<GatewayEvent> onEvent, Consumer<Throwable> onFailure,
                                       Runnable onOpen) {
        EventSubscription s = subscribe(onEvent, onFailure);
        if (holdOpen) {
            heldOpen = onOpen;
        } else {
            onOpen.run();
        }
        return s;
    }

    @Override
    public CreatedApplication createApplication(NewApplication request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Application updateApplication(String applicationId, ApplicationPatch patch, long expectedVersion) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deleteApplication(String applicationId, long expectedVersion) {
        throw new UnsupportedOperationException();
    }

    @Override
    public IssuedSecret createSecret(String applicationId, String description, Duration expiresAfter) {
        throw new UnsupportedOperationException();
    }

    @Override
    public IssuedSecret renewSecret(String applicationId, String secretId, Duration gracePeriod,
                                    long expectedVersion) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deleteSecret(String applicationId, String secretId, long expectedVersion) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DomainSecretPolicy updateSecretPolicy(DomainSecretPolicy p) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Role> listRoles() {
        return List.of();
    }

    @Override
    public List<Notification> listNotifications(Instant since, int limit) {
        notificationSinces.add(since == null ? "null" : since.toString());
        return notifications.stream().filter(n -> since == null || n.createdAt().isAfter(since)).toList();
    }

    @Override
    public Page<AuditEvent> listAudit(AuditQuery query) {
        return new Page<>(List.of(), null);
    }

    @Override
    public String caCertificatePem() {
        return "";
    }

    @Override
    public CaInfo caInfo() {
        return null;
    }

    @Override
    public CaInfo rotateCa(boolean force) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
