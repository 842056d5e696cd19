package org.secretdesk.server.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.secretdesk.pki.Es256Signer;
import org.secretdesk.server.Randoms;
import org.secretdesk.server.TrustedProxy;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.store.CredentialStore;
import org.secretdesk.server.store.Store;
import org.secretdesk.server.store.UsageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-credentials token endpoint's logic: authenticate {@code client_id} + secret against the stored
 * hashes and sign an ES256 JWT. Last-use times are collected in memory and written in batches.
 */
public final class TokenService {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public record Token(String accessToken, long expiresIn, String scope) {
    }

    /** Why no token was issued (RFC 6749 §5.2). */
    public enum Refusal {
        /** Unknown client, or a wrong, expired or deleted secret. */
        INVALID_CLIENT,
        /** The client authenticated, but asked for a scope beyond its roles (§3.3). */
        INVALID_SCOPE
    }

    /** A token, or why there is none. */
    public record Outcome(Token token, Refusal refusal) {
    }

    private final Database db;
    private final Store store;
    private final Clock clock;
    private final TokenKeys keys;
    private final Duration lifetime;
    /** Read at each token: a node without a public URL knows its port only once it is listening. */
    private final Supplier<String> issuer;
    /** The {@code aud} claim, or null for none. */
    private final String audience;
    private volatile EncodedHeader header;
    /** Where a client's address comes from behind a reverse proxy. */
    private final TrustedProxy proxy;
    private final Map<String, Long> pendingLastUse = new ConcurrentHashMap<>();
    /** Kept credentials on H2, where this process is the only writer; null on PostgreSQL. */
    private final CredentialCache credentials;
    private final UsageRecorder usage = new UsageRecorder();
    /** Writes each batch and its live events (set once the gateway's service exists). */
    private volatile BatchWriter writer;

    /** Writes a batch of uses in one transaction, with their live events. */
    @FunctionalInterface
    public interface BatchWriter {
        void write(Map<String, Long> lastUsed, List<UsageStore.Batch> usage);
    }

    public TokenService(Database db, Store store, Clock clock, TokenKeys keys, Duration lifetime,
                        Supplier<String> issuer, String audience, TrustedProxy proxy) {
        this.proxy = proxy;
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.keys = keys;
        this.lifetime = lifetime;
        this.issuer = issuer;
        this.audience = audience;
        this.credentials = db.isH2() ? new CredentialCache(db) : null;
    }

    /** The key that signs now, its JOSE header encoded and its signer made once per key. */
    private record EncodedHeader(SigningKeys key, String encoded, Es256Signer signer) {
        static EncodedHeader of(SigningKeys key) {
            return new EncodedHeader(key, B64.encodeToString(("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\""
                    + key.kid() + "\"}").getBytes(StandardCharsets.UTF_8)), new Es256Signer(key.privateKey()));
        }
    }

    private EncodedHeader header() {
        SigningKeys current = keys.current();
        EncodedHeader h = header;
        if (h == null || h.key() != current) {
            h = EncodedHeader.of(current);
            header = h;
        }
        return h;
    }

    /**
     * A token for valid credentials, its scope the application's roles or, when {@code requestedScope} is given,
     * those of them it names (RFC 6749 §3.3: a subset narrows the token, anything else is refused).
     */
    public Outcome issue(String clientId, String secret, String requestedScope) {
        return issue(clientId, secret, requestedScope, null);
    }

    /** As {@link #issue(String, String, String)}, recording the use as coming from {@code clientAddress}. */
    public Outcome issue(String clientId, String secret, String requestedScope, String clientAddress) {
        Outcome invalidClient = new Outcome(null, Refusal.INVALID_CLIENT);
        if (clientId == null || secret == null || clientId.length() > 64 || secret.length() > 200) {
            return invalidClient;
        }
        Optional<CredentialStore.ClientCredentials> found = credentials == null
                ? db.read(c -> store.credentials().find(c, clientId))
                : credentials.get(clientId, () -> db.read(c -> store.credentials().find(c, clientId)));
        if (found.isEmpty()) {
            return invalidClient;
        }
        byte[] presented = Randoms.sha256(secret.getBytes(StandardCharsets.UTF_8));
        long now = clock.millis();
        String matched = null;
        String matchedHash = null;
        for (CredentialStore.Credential cred : found.get().credentials()) {
            // Check every credential without stopping early, so timing says nothing about which matched.
            boolean current = MessageDigest.isEqual(presented, HexFormat.of().parseHex(cred.hash()))
                    && (cred.expiresAt() == null || cred.expiresAt() > now);
            boolean previous = cred.prevHash() != null && cred.graceUntil() != null && cred.graceUntil() > now
                    && MessageDigest.isEqual(presented, HexFormat.of().parseHex(cred.prevHash()));
            if ((current || previous) && matched == null) {
                matched = cred.secretId();
                matchedHash = current ? cred.hash() : cred.prevHash();
            }
        }
        if (matched == null) {
            return invalidClient;
        }
        String scope = scope(found.get().roles(), requestedScope);
        if (scope == null) {
            return new Outcome(null, Refusal.INVALID_SCOPE);
        }
        pendingLastUse.merge(matched, now, Math::max);
        usage.record(matched, matchedHash, now, clientAddress);
        return new Outcome(new Token(sign(clientId, scope, now), lifetime.getSeconds(), scope), null);
    }

    /**
     * The token's scope: all {@code roles} when nothing was asked for, else the asked-for scope tokens (each once,
     * in the order asked) when every one is a role; null when one is not, or the request is not a scope (§3.3:
     * scope tokens separated by single spaces, each of the characters %x21 / %x23-5B / %x5D-7E).
     */
    static String scope(List<String> roles, String requested) {
        if (requested == null || requested.isEmpty()) {
            return String.join(" ", roles);
        }
        LinkedHashSet<String> asked = new LinkedHashSet<>();
        for (String token : requested.split(" ", -1)) {
            if (token.isEmpty() || !token.chars().allMatch(c -> c == 0x21 || c >= 0x23 && c <= 0x5B
                    || c >= 0x5D && c <= 0x7E) || !roles.contains(token)) {
                return null;
            }
            asked.add(token);
        }
        return String.join(" ", asked);
    }

    private String sign(String clientId, String scope, long nowMillis) {
        long iat = nowMillis / 1000;
        String payload = "{\"iss\":" + jsonString(issuer.get()) + ",\"sub\":" + jsonString(clientId) + ",\"client_id\":"
                + jsonString(clientId) + (audience == null ? "" : ",\"aud\":" + jsonString(audience))
                + ",\"scope\":" + jsonString(scope) + ",\"iat\":" + iat + ",\"exp\":"
                + (iat + lifetime.getSeconds()) + ",\"jti\":\"" + Randoms.id("", 22) + "\"}";
        EncodedHeader h = header();
        String signingInput = h.encoded() + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        byte[] signature = h.signer().sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64.encodeToString(signature);
    }

    public String jwksJson() {
        StringBuilder sb = new StringBuilder("{\"keys\":[");
        List<SigningKeys> published = keys.published();
        for (int i = 0; i < published.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(published.get(i).jwkJson());
        }
        return sb.append("]}").toString();
    }

    /** The not-yet-written last use of a secret, if any. */
    public Instant pendingLastUse(String secretId) {
        Long t = pendingLastUse.get(secretId);
        return t == null ? null : Instant.ofEpochMilli(t);
    }

    /** The address a token request came from: its peer's, or behind a trusted proxy the proxy's header. */
    public String clientAddress(String peer, java.util.function.Function<String, String> headers) {
        return proxy.clientAddress(peer, headers);
    }

    /** The per-value use recorder (the benchmark switches it off and on). */
    public UsageRecorder usage() {
        return usage;
    }

    /** Where batches go: the gateway's service, so that their live events go out after the commit. */
    public void setBatchWriter(BatchWriter writer) {
        this.writer = writer;
    }

    /**
     * Writes the collected last-use times and per-value uses in one transaction; called periodically and at
     * shutdown. A batch that cannot be written is kept for the next call.
     */
    public void flushLastUse() {
        if (pendingLastUse.isEmpty() && usage.isEmpty()) {
            return;
        }
        Map<String, Long> batch = new TreeMap<>();
        for (String id : List.copyOf(pendingLastUse.keySet())) {
            Long t = pendingLastUse.remove(id);
            if (t != null) {
                batch.put(id, t);
            }
        }
        List<UsageStore.Batch> uses = usage.drain();
        try {
            BatchWriter w = writer;
            if (w != null) {
                w.write(batch, uses);
            } else {
                db.inTransaction(c -> {
                    store.credentials().updateLastUsed(c, batch);
                    store.usage().record(c, uses, clock.millis(), UsageStore.EVENT_INTERVAL_MS);
                    return null;
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not record last use of {} secrets: {}", batch.size(), e.getMessage());
            batch.forEach((id, t) -> pendingLastUse.merge(id, t, Math::max));
            usage.restore(uses);
        }
    }

    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
