package org.secretdesk.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.secretdesk.model.Application;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.CaInfo;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Notification;
import org.secretdesk.model.Page;
import org.secretdesk.model.Role;

/**
 * A base for connectors to gateways that support only part of the port: every optional operation throws
 * {@link UnsupportedOperationException} with the explanation from {@link #capabilities()}, so a caller that did not
 * check the capabilities still gets the sentence the console would have shown.
 */
public abstract class LimitedGatewayClient implements GatewayClient {

    /** The failure for an operation whose feature this gateway lacks. */
    protected UnsupportedOperationException unsupported(Capabilities.Feature feature) {
        return new UnsupportedOperationException(capabilities().explain(feature));
    }

    @Override
    public CreatedApplication createApplication(NewApplication request) {
        throw unsupported(Capabilities.Feature.CREATE_APPLICATION);
    }

    @Override
    public Application updateApplication(String applicationId, ApplicationPatch patch, long expectedVersion) {
        throw unsupported(Capabilities.Feature.APPLICATION_POLICY);
    }

    @Override
    public void deleteApplication(String applicationId, long expectedVersion) {
        throw unsupported(Capabilities.Feature.DELETE_APPLICATION);
    }

    @Override
    public IssuedSecret renewSecret(String applicationId, String secretId, Duration gracePeriod, long expectedVersion) {
        throw unsupported(Capabilities.Feature.RENEW);
    }

    @Override
    public DomainSecretPolicy getSecretPolicy() {
        throw unsupported(Capabilities.Feature.DOMAIN_POLICY);
    }

    @Override
    public DomainSecretPolicy updateSecretPolicy(DomainSecretPolicy policy) {
        throw unsupported(Capabilities.Feature.DOMAIN_POLICY);
    }

    @Override
    public List<Role> listRoles() {
        throw unsupported(Capabilities.Feature.ROLES);
    }

    @Override
    public List<Notification> listNotifications(Instant since, int limit) {
        throw unsupported(Capabilities.Feature.NOTIFICATIONS);
    }

    @Override
    public Page<AuditEvent> listAudit(AuditQuery query) {
        throw unsupported(Capabilities.Feature.AUDIT);
    }

    @Override
    public String caCertificatePem() {
        throw unsupported(Capabilities.Feature.CA_EXPORT);
    }

    @Override
    public CaInfo caInfo() {
        throw unsupported(Capabilities.Feature.CA_EXPORT);
    }

    @Override
    public CaInfo rotateCa(boolean force) {
        throw unsupported(Capabilities.Feature.CA_ROTATION);
    }

    @Override
    public EventSubscription subscribe(Consumer<GatewayEvent> onEvent, Consumer<Throwable> onFailure) {
        throw unsupported(Capabilities.Feature.LIVE_EVENTS);
    }
}
