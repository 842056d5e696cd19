package org.secretdesk.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.secretdesk.model.Application;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.CalendarToken;
import org.secretdesk.model.Channel;
import org.secretdesk.model.ChannelDelivery;
import org.secretdesk.model.IssuedCalendarToken;
import org.secretdesk.model.SecretValue;
import org.secretdesk.model.CaInfo;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.GatewayInfo;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.LeakReport;
import org.secretdesk.model.Notification;
import org.secretdesk.model.Page;
import org.secretdesk.model.Role;
import org.secretdesk.model.RotationPolicy;
import org.secretdesk.model.SecretIdentification;
import org.secretdesk.model.SecretSummary;

/**
 * The port through which the console and the CLI manage a gateway's applications and secrets. Every method
 * blocks on the network: call it off the FX thread. Failures are {@link GatewayException}s. A method whose
 * feature is not in {@link #capabilities()} throws {@link UnsupportedOperationException} with the explanation.
 */
public interface GatewayClient extends AutoCloseable {

    Capabilities capabilities();

    GatewayInfo info();

    Page<Application> listApplications(String query, int limit, String cursor);

    Application getApplication(String applicationId);

    /** Issues the first secret too when asked; safe to retry (the same idempotency key is reused). */
    CreatedApplication createApplication(NewApplication request);

    Application updateApplication(String applicationId, ApplicationPatch patch, long expectedVersion);

    void deleteApplication(String applicationId, long expectedVersion);

    Page<SecretSummary> listSecrets(String applicationId, int limit, String cursor);

    /** @param expiresAfter shorter than the policy, or null for the policy's */
    IssuedSecret createSecret(String applicationId, String description, Duration expiresAfter);

    /**
     * {@link #createSecret(String, String, Duration)} as one attempt of an operation the caller may repeat: every
     * attempt with the same {@code idempotencyKey} (from {@link IdempotencyKeys}) and arguments is the same request,
     * so a gateway that replays (SecretDesk) returns the secret an earlier attempt issued, whose answer was lost,
     * instead of issuing another. Connectors whose gateway has no such replay ignore the key.
     */
    default IssuedSecret createSecret(String applicationId, String description, Duration expiresAfter,
                                      String idempotencyKey) {
        return createSecret(applicationId, description, expiresAfter);
    }

    /** @param gracePeriod how long the old value keeps working, or null for "stops at once" */
    IssuedSecret renewSecret(String applicationId, String secretId, Duration gracePeriod, long expectedVersion);

    /** {@link #renewSecret(String, String, Duration, long)} repeatable with the same key, as for createSecret. */
    default IssuedSecret renewSecret(String applicationId, String secretId, Duration gracePeriod, long expectedVersion,
                                     String idempotencyKey) {
        return renewSecret(applicationId, secretId, gracePeriod, expectedVersion);
    }

    void deleteSecret(String applicationId, String secretId, long expectedVersion);

    // ---------------------------------------------------------------- rotation without outages (issue 21)

    /**
     * A renew whose grace period the gateway ends by itself once the old value has been unused for
     * {@code retireAfterQuiet} and the new value was used ({@link Capabilities.Feature#RETIRE_WHEN_QUIET}); with a
     * null {@code retireAfterQuiet} the same as {@link #renewSecret(String, String, Duration, long, String)}.
     */
    default IssuedSecret renewSecret(String applicationId, String secretId, Duration gracePeriod,
                                     Duration retireAfterQuiet, long expectedVersion, String idempotencyKey) {
        if (retireAfterQuiet != null) {
            throw unsupportedHere(Capabilities.Feature.RETIRE_WHEN_QUIET);
        }
        return renewSecret(applicationId, secretId, gracePeriod, expectedVersion, idempotencyKey);
    }

    /** Ends a running grace period now: the previous value is refused from then on. Returns the secret. */
    default SecretSummary endGrace(String applicationId, String secretId, long expectedVersion) {
        throw unsupportedHere(Capabilities.Feature.GRACE_CONTROL);
    }

    /** Moves the end of a running grace period {@code by} later (the whole grace at most P7D). */
    default SecretSummary extendGrace(String applicationId, String secretId, Duration by, long expectedVersion) {
        throw unsupportedHere(Capabilities.Feature.GRACE_CONTROL);
    }

    /** The application's rotation policy (retire when quiet). */
    default RotationPolicy getRotationPolicy(String applicationId) {
        throw unsupportedHere(Capabilities.Feature.RETIRE_WHEN_QUIET);
    }

    default RotationPolicy updateRotationPolicy(String applicationId, RotationPolicy policy) {
        throw unsupportedHere(Capabilities.Feature.RETIRE_WHEN_QUIET);
    }

    /**
     * Secrets of every application not used since {@code unusedSince} (a never-used one counts from its creation),
     * with their usage ({@link Capabilities.Feature#USAGE}).
     */
    default Page<SecretSummary> listUnusedSecrets(Instant unusedSince, int limit, String cursor) {
        throw unsupportedHere(Capabilities.Feature.USAGE);
    }

    /** The failure for an operation whose feature this gateway lacks, with the backend's reason. */
    private UnsupportedOperationException unsupportedHere(Capabilities.Feature feature) {
        return new UnsupportedOperationException(capabilities().explain(feature));
    }

    DomainSecretPolicy getSecretPolicy();

    DomainSecretPolicy updateSecretPolicy(DomainSecretPolicy policy);

    List<Role> listRoles();

    List<Notification> listNotifications(Instant since, int limit);

    Page<AuditEvent> listAudit(AuditQuery query);

    /** The root CA certificate in PEM. */
    String caCertificatePem();

    CaInfo caInfo();

    CaInfo rotateCa(boolean force);

    /**
     * Which application and secret the value with this SHA-256 hash (lowercase hex of its UTF-8 bytes) belongs to,
     * and whether it still works ({@link Capabilities.Feature#LEAK_RESPONSE}). The value itself is never sent; an
     * unknown hash gives {@link SecretIdentification.State#UNKNOWN}.
     */
    default SecretIdentification identifySecret(String sha256Hex) {
        throw new UnsupportedOperationException(NO_LEAK_RESPONSE);
    }

    /**
     * Reports leaked values by their hashes ({@link Capabilities.Feature#LEAK_RESPONSE}): the gateway applies its
     * leak policy (revoke, rotate or flag), marks the secrets leaked, audits and notifies. A report sent again
     * changes nothing. Answers, per value, whether it was one of the gateway's secrets.
     */
    default List<LeakReport.Verdict> reportLeaks(List<LeakReport> reports) {
        throw new UnsupportedOperationException(NO_LEAK_RESPONSE);
    }

    // ---------------------------------------------------------------- warnings outside the console (issue 23)

    /** The gateway's notification channels ({@link Capabilities.Feature#CHANNELS}); admin keys only. */
    default List<Channel> listChannels() {
        throw unsupportedHere(Capabilities.Feature.CHANNELS);
    }

    default Channel getChannel(String channelId) {
        throw unsupportedHere(Capabilities.Feature.CHANNELS);
    }

    /**
     * Adds a channel. {@code credential} (a webhook's signing key, an SMTP password) may be null; the caller keeps
     * and destroys it: it is written into the request body only and never kept.
     */
    default Channel createChannel(ChannelSpec spec, SecretValue credential) {
        throw unsupportedHere(Capabilities.Feature.CHANNELS);
    }

    /**
     * Changes a channel read at {@code expectedVersion} (If-Match: a change made elsewhere meanwhile is refused with
     * 412); a null {@code credential} keeps the stored one.
     */
    default Channel updateChannel(String channelId, ChannelSpec spec, SecretValue credential, long expectedVersion) {
        throw unsupportedHere(Capabilities.Feature.CHANNELS);
    }

    default void deleteChannel(String channelId) {
        throw unsupportedHere(Capabilities.Feature.CHANNELS);
    }

    /** Sends a test event now, whatever the filter, and answers how that one attempt ended. */
    default ChannelDelivery testChannel(String channelId) {
        throw unsupportedHere(Capabilities.Feature.CHANNELS);
    }

    /** The channel's last deliveries and failures, newest first. */
    default List<ChannelDelivery> listChannelDeliveries(String channelId, int limit) {
        throw unsupportedHere(Capabilities.Feature.CHANNELS);
    }

    /** The calendar feed's tokens ({@link Capabilities.Feature#CALENDAR}), never the tokens themselves. */
    default List<CalendarToken> listCalendarTokens() {
        throw unsupportedHere(Capabilities.Feature.CALENDAR);
    }

    /** Issues a feed token: the answer holds the feed's URL with it, once; the caller destroys it. */
    default IssuedCalendarToken issueCalendarToken(String name) {
        throw unsupportedHere(Capabilities.Feature.CALENDAR);
    }

    /** Revokes a feed token: its URL stops working at once. */
    default void revokeCalendarToken(String tokenId) {
        throw unsupportedHere(Capabilities.Feature.CALENDAR);
    }

    /** Why a gateway other than SecretDesk's has no channels, owners or calendar. */
    String NO_NOTIFY = "Notification channels, application owners and the expiry calendar need a SecretDesk gateway.";

    /** Why a gateway other than SecretDesk's cannot identify or take leak reports. */
    String NO_LEAK_RESPONSE = "This gateway cannot look a secret up by the hash of its value: leak response needs a "
            + "SecretDesk gateway.";

    /** Live changes; {@code onFailure} is told when the stream breaks (the caller may subscribe again). */
    EventSubscription subscribe(Consumer<GatewayEvent> onEvent, Consumer<Throwable> onFailure);

    /**
     * {@link #subscribe(Consumer, Consumer)}, and {@code onOpen} once the gateway has accepted the stream: every
     * change made after that is delivered, so data read after it misses nothing. Connectors that cannot tell run it
     * as soon as the subscription is made. Not called when the stream fails first.
     */
    default EventSubscription subscribe(Consumer<GatewayEvent> onEvent, Consumer<Throwable> onFailure,
                                        Runnable onOpen) {
        EventSubscription subscription = subscribe(onEvent, onFailure);
        onOpen.run();
        return subscription;
    }

    @Override
    void close();
}
