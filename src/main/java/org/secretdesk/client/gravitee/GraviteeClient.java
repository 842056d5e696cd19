package org.secretdesk.client.gravitee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.secretdesk.client.ApplicationPatch;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.HttpTransport;
import org.secretdesk.client.HttpTransport.Reply;
import org.secretdesk.client.LimitedGatewayClient;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.gravitee.GraviteeProblems.Call;
import org.secretdesk.model.Application;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.GatewayInfo;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Page;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;

/**
 * The {@link org.secretdesk.client.GatewayClient} for Gravitee Access Management 4.8+ (connectors.md): the
 * applications of one security domain and their multiple client secrets.
 *
 * <p>The session ({@link GraviteeSession}) holds the token, the management API's entrypoint and the domain's id;
 * {@link GraviteeApplications} fills the thin application list. Gravitee returns a secret's plaintext only when it
 * is created or renewed, and those answers carry no client id: it is taken from the application, read before the
 * secret is issued so that the plaintext is handed over as soon as it arrives.
 */
public final class GraviteeClient extends LimitedGatewayClient {

    public static final String PRODUCT = "Gravitee Access Management";
    public static final String DEFAULT_ORGANIZATION = "DEFAULT";
    public static final String DEFAULT_ENVIRONMENT = "DEFAULT";
    private static final Capabilities CAPABILITIES = capabilitiesOf();

    private final GraviteeSession session;
    private final GraviteeApplications applications;
    private final Clock clock;

    /**
     * @param baseUrl      the management API's entrypoint ({@code https://am.example.com/management}); a URL without
     *                     a path means {@code /management}
     * @param organization null for {@value #DEFAULT_ORGANIZATION}
     * @param environment  null for {@value #DEFAULT_ENVIRONMENT}
     * @param domain       the security domain's HRID ({@code my-domain}) or id
     * @param trust        the CAs to trust, or null for the JDK's default trust store (system trust)
     */
    public GraviteeClient(URI baseUrl, String organization, String environment, String domain, String user,
                          SecretValue password, TlsTrust trust) {
        this(baseUrl, organization, environment, domain, user, password, trust, Clock.systemUTC());
    }

    GraviteeClient(URI baseUrl, String organization, String environment, String domain, String user,
                   SecretValue password, TlsTrust trust, Clock clock) {
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("A Gravitee AM connection needs the security domain");
        }
        Objects.requireNonNull(user, "user");
        if (user.isBlank() || user.contains(":")) {
            throw new IllegalArgumentException("The Gravitee AM user name must be non-empty and without ':'");
        }
        this.clock = clock;
        this.session = new GraviteeSession(baseUrl, blankToDefault(organization, DEFAULT_ORGANIZATION),
                blankToDefault(environment, DEFAULT_ENVIRONMENT), domain.strip(), user, password, trust, clock);
        this.applications = new GraviteeApplications(session);
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public GatewayInfo info() {
        JsonNode domainNode = session.json(session.send(Call.DOMAIN, () -> GraviteeSession.get(session.domainUrl())));
        return new GatewayInfo(PRODUCT + " (domain " + GraviteeJson.text(domainNode, "name", session.domain) + ")",
                "4.8+", null, CAPABILITIES.features().stream().map(f -> f.name().toLowerCase(Locale.ROOT)).sorted().toList());
    }

    // ================================================================ applications

    @Override
    public Page<Application> listApplications(String query, int limit, String cursor) {
        return applications.list(query, limit, cursor);
    }

    @Override
    public Application getApplication(String applicationId) {
        return applications.get(applicationId);
    }

    /** Only the secret expiry can be changed from SecretDesk; Gravitee's console owns the rest. */
    @Override
    public Application updateApplication(String applicationId, ApplicationPatch patch, long expectedVersion) {
        Objects.requireNonNull(patch, "patch");
        if (patch.description() != null || patch.roles() != null) {
            throw new UnsupportedOperationException(
                    "SecretDesk changes only the secret expiry of a Gravitee AM application; edit the rest in Gravitee AM's console.");
        }
        if (patch.secretPolicy() == null) {
            return getApplication(applicationId);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("settings").set("secretExpirationSettings", GraviteeJson.applicationExpiry(patch.secretPolicy()));
        applications.changed(applicationId);
        Reply reply = session.send(Call.UPDATE_APPLICATION,
                () -> GraviteeSession.patch(session.domainUrl("applications", applicationId), body));
        return applications.fromResource(session.json(reply), reply.url());
    }

    // ================================================================ secrets

    @Override
    public Page<SecretSummary> listSecrets(String applicationId, int limit, String cursor) {
        return Page.ofWholeList(secrets(applicationId), limit, cursor);
    }

    private List<SecretSummary> secrets(String applicationId) {
        Reply reply = session.send(Call.LIST_SECRETS,
                () -> GraviteeSession.get(session.domainUrl("applications", applicationId, "secrets")));
        HttpUrl url = reply.url();
        JsonNode root = session.json(reply);
        if (!root.isArray()) {
            throw session.http.protocol("the secret list is not an array", url);
        }
        List<SecretSummary> out = new ArrayList<>();
        for (JsonNode n : root) {
            out.add(secret(applicationId, n, url));
        }
        return out;
    }

    /** Gravitee trims the name and compares it exactly with the others: it is sent trimmed. */
    @Override
    public IssuedSecret createSecret(String applicationId, String description, Duration expiresAfter) {
        String name = description == null ? "" : description.trim();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("A secret needs a description");
        }
        if (expiresAfter != null) {
            throw new UnsupportedOperationException(CAPABILITIES.explain(Feature.SECRET_EXPIRY_CHOICE));
        }
        String clientId = applications.clientIdOf(applicationId);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name);
        applications.changed(applicationId);
        Reply reply = session.send(Call.CREATE_SECRET,
                () -> GraviteeSession.post(session.domainUrl("applications", applicationId, "secrets"), body));
        return issued(applicationId, clientId, reply);
    }

    @Override
    public IssuedSecret renewSecret(String applicationId, String secretId, Duration gracePeriod, long expectedVersion) {
        if (gracePeriod != null && !gracePeriod.isZero()) {
            throw unsupported(Feature.RENEW_GRACE_PERIOD);
        }
        String clientId = applications.clientIdOf(applicationId);
        applications.changed(applicationId);
        Reply reply = session.send(Call.RENEW_SECRET, () -> new Request.Builder()
                .url(session.domainUrl("applications", applicationId, "secrets", secretId, "_renew"))
                .post(RequestBody.create(new byte[0], null)));
        return issued(applicationId, clientId, reply);
    }

    /**
     * Gravitee refuses to delete when the application has one secret before it looks the secret up, so an unknown
     * secret of a one-secret application is reported as "Cannot remove last secret": the secrets are listed to
     * tell the two apart.
     */
    @Override
    public void deleteSecret(String applicationId, String secretId, long expectedVersion) {
        applications.changed(applicationId);
        Reply reply = session.exchange(() -> new Request.Builder()
                .url(session.domainUrl("applications", applicationId, "secrets", secretId)).delete());
        if (reply.isSuccessful()) {
            return;
        }
        GatewayException failure = session.failure(Call.DELETE_SECRET, reply);
        if (failure.is(GraviteeProblems.lastSecret().code())) {
            List<SecretSummary> current;
            try {
                current = secrets(applicationId);
            } catch (GatewayException cannotTell) {
                throw failure;
            }
            if (current.stream().noneMatch(s -> s.id().equals(secretId))) {
                throw GatewayException.http(GraviteeProblems.goneSecret(secretId));
            }
        }
        throw failure;
    }

    // ================================================================ expiry policy

    @Override
    public DomainSecretPolicy getSecretPolicy() {
        Reply reply = session.send(Call.DOMAIN, () -> GraviteeSession.get(session.domainUrl()));
        return GraviteeJson.domainPolicy(session.json(reply).path("secretExpirationSettings"));
    }

    /** Gravitee reads the domain's setting as {@code secretExpirationSettings} but updates it as {@code secretSettings}. */
    @Override
    public DomainSecretPolicy updateSecretPolicy(DomainSecretPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode settings = body.putObject("secretSettings").put("enabled", policy.expiryEnabled());
        if (policy.expiryEnabled()) {
            settings.put("expiryTimeSeconds", policy.expiresAfter().toSeconds());
        }
        Reply reply = session.send(Call.UPDATE_DOMAIN, () -> GraviteeSession.patch(session.domainUrl(), body));
        JsonNode answer = session.json(reply);
        return answer.has("secretExpirationSettings")
                ? GraviteeJson.domainPolicy(answer.path("secretExpirationSettings")) : policy;
    }

    @Override
    public void close() {
        session.close();
    }

    // ================================================================ mapping

    private IssuedSecret issued(String applicationId, String clientId, Reply reply) {
        try {
            SecretValue value = HttpTransport.secretField(reply.body(), "secret");
            if (value == null || value.length() == 0) {
                throw session.http.protocol("no secret value in the answer", reply.url());
            }
            HttpUrl url = reply.url();
            SecretSummary summary = secret(applicationId, session.json(reply), url);
            String redacted = HttpTransport.redacted(value, 4);
            summary = new SecretSummary(summary.id(), summary.applicationId(), summary.description(),
                    redacted.substring(0, redacted.indexOf('*')), redacted, summary.createdAt(), summary.renewedAt(),
                    summary.expiresAt(), null, summary.status(), null, 0);
            return new IssuedSecret(summary, clientId, value);
        } finally {
            reply.wipe();
        }
    }

    private SecretSummary secret(String applicationId, JsonNode n, HttpUrl url) {
        String id = GraviteeJson.text(n, "id", null);
        if (id == null) {
            throw session.http.protocol("a secret without an id", url);
        }
        Instant expiresAt = GraviteeJson.instant(n.path("expiresAt"));
        SecretStatus status = expiresAt != null && !expiresAt.isAfter(clock.instant()) ? SecretStatus.EXPIRED
                : SecretStatus.ACTIVE;
        return new SecretSummary(id, applicationId, GraviteeJson.text(n, "name", ""), null, null,
                GraviteeJson.instant(n.path("createdAt")), null, expiresAt, null, status, null, 0);
    }

    private static String blankToDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /**
     * What Gravitee AM gives out of an issued secret and how it keeps it, as the reveal says it (issue 25; Gravitee
     * stores client secrets in plaintext by default, see connectors.md).
     */
    static final String CUSTODY = "This is the only time the secret is shown: Gravitee AM does not return it again. "
            + "It keeps the value in its database, in plaintext unless Gravitee AM was set up to hash client secrets.";

    /** One sentence per fact: features that follow from the same fact share its sentence (issue 25). */
    private static Capabilities capabilitiesOf() {
        Map<Feature, String> why = new EnumMap<>(Feature.class);
        String console = "Applications are created and deleted in Gravitee AM's console; SecretDesk manages their "
                + "secrets.";
        why.put(Feature.CREATE_APPLICATION, console);
        why.put(Feature.DELETE_APPLICATION, console);
        String edit = "An application's description and roles are managed in Gravitee AM's console; SecretDesk "
                + "changes only its secret expiry.";
        why.put(Feature.EDIT_APPLICATION, edit);
        why.put(Feature.ROLES, edit);
        String inPlace = "Gravitee AM renews a secret in place: the old value stops working at once (there is no "
                + "previous value or grace period). For an overlap, create a second secret, switch the clients, then "
                + "delete the old one.";
        Capabilities.explainAll(why, inPlace,
                Feature.RENEW_GRACE_PERIOD, Feature.PREVIOUS_VALUE, Feature.GRACE_CONTROL);
        why.put(Feature.DELETE_LAST_SECRET, "Gravitee AM does not allow deleting an application's last secret: "
                + "create a new one first.");
        why.put(Feature.SECRET_EXPIRY_CHOICE, "Gravitee AM gives a new secret the expiry of its application's or "
                + "domain's settings; change the application's secret expiry instead of the secret's.");
        String noUse = "Gravitee AM does not record when or from where a client secret is used: no last use, and no "
                + "usage data to find or retire unused secrets by.";
        Capabilities.explainAll(why, noUse, Feature.LAST_USED, Feature.USAGE, Feature.RETIRE_WHEN_QUIET);
        why.put(Feature.NOTIFICATIONS, "Gravitee AM sends its own expiry notifications (20, 15, 10, 5 and 1 days before).");
        Capabilities.explainAll(why, "Channels, application owners and the calendar feed need a SecretDesk gateway; "
                + "Gravitee AM's own alerts are set up in its console.", Feature.CHANNELS, Feature.CALENDAR,
                Feature.OWNERS);
        why.put(Feature.LIVE_EVENTS, "Gravitee AM does not publish changes; refresh to see them.");
        why.put(Feature.AUDIT, "Read the audit log in Gravitee AM's console.");
        why.put(Feature.CA_EXPORT, "Gravitee AM does not serve a CA for its clients.");
        why.put(Feature.CA_ROTATION, "Gravitee AM does not serve a CA for its clients.");
        why.put(Feature.IDEMPOTENT_ISSUE, "Gravitee AM has no idempotency keys: after a lost answer, list the "
                + "secrets and delete the extra one.");
        why.put(Feature.OPTIMISTIC_CONCURRENCY, "Gravitee AM has no version checks on secrets.");
        return new Capabilities(EnumSet.of(Feature.APPLICATIONS, Feature.MULTIPLE_SECRETS, Feature.CREATE_SECRET,
                Feature.RENEW, Feature.DELETE_SECRET, Feature.EXPIRY, Feature.DOMAIN_POLICY,
                Feature.APPLICATION_POLICY), 0, why, CUSTODY);
    }
}
