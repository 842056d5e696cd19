package org.secretdesk.server;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.SecretIdentification;
import org.secretdesk.server.auth.ProviderKeys;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.store.LeakStore;
import org.secretdesk.server.store.Store;
import org.secretdesk.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leak response (issue 22): identifies a value by its SHA-256 hash, and applies the gateway's {@link LeakPolicy} to
 * reported leaks. Every new report of a value is audited with where it was found; a report of one of this gateway's
 * secrets also marks the secret leaked (until it is renewed or deleted), raises a live {@code secret.leaked} event
 * and is a {@code SECRET_LEAKED} notification. A value is only ever handled as its hash here; a report that arrives
 * again (same reporter, value, URL and source) is answered as the first time and changes nothing.
 */
public final class LeakResponse {

    private static final Logger LOG = LoggerFactory.getLogger(LeakResponse.class);
    /** The token type of SecretDesk client secrets in leak reports and their answers. */
    public static final String TOKEN_TYPE = "secretdesk_client_secret";
    /** Reports of values that were no secret of this gateway's are kept this long, for their replays. */
    private static final Duration KEEP_UNKNOWN = Duration.ofDays(30);
    private static final Pattern SECRET_IN_TEXT = Pattern.compile("sds_([0-9A-Za-z]{4})[0-9A-Za-z]{45}");

    private final Database db;
    private final Store store;
    private final GatewayService service;
    private final LeakPolicy policy;
    private final ProviderKeys github;

    /** Reads the GitHub keys file the policy names, if any (a broken one stops the start with its reason). */
    public LeakResponse(Database db, Store store, GatewayService service, LeakPolicy policy) throws IOException {
        this.db = db;
        this.store = store;
        this.service = service;
        this.policy = policy;
        Path keys = policy.githubPublicKeys();
        this.github = keys == null ? null : ProviderKeys.load(keys);
        if (github != null) {
            LOG.info("Accepting GitHub secret-scanning reports signed by {} key(s) from {}", github.size(), keys);
        }
    }

    /** The keys GitHub's reports are checked with, or null when none are configured. */
    public ProviderKeys githubKeys() {
        return github;
    }

    // ---------------------------------------------------------------- identify

    /** What the value with this hash is; the same answer, after the same two index lookups, for every unknown one. */
    public SecretIdentification identify(String sha256) {
        long now = service.clock().millis();
        return db.read(c -> store.leaks().findByHash(c, sha256)).map(m -> identification(m, now))
                .orElse(SecretIdentification.unknown());
    }

    private static SecretIdentification identification(LeakStore.HashMatch m, long now) {
        Long end = m.previousValue() ? m.graceUntil() : m.expiresAt();
        SecretIdentification.State state = end != null && end <= now ? SecretIdentification.State.EXPIRED
                : m.previousValue() ? SecretIdentification.State.GRACE : SecretIdentification.State.ACTIVE;
        return new SecretIdentification(state, m.applicationId(), m.applicationName(), m.secretId(), m.description(),
                end == null ? null : Instant.ofEpochMilli(end),
                m.leakedAt() == null ? null : Instant.ofEpochMilli(m.leakedAt()));
    }

    // ---------------------------------------------------------------- reports

    /**
     * One reported value.
     *
     * @param tokenHash  lowercase hex SHA-256 of the value
     * @param wellFormed false when the reporter sent the value itself and it is not a SecretDesk secret (prefix and
     *                   checksum): then it is not looked up
     * @param type       the token type the reporter named (echoed in its answer), or null
     */
    public record Reported(String tokenHash, boolean wellFormed, String type, String url, String source) {
    }

    /** The answer for one reported value: whether it is (or was) a value of this gateway's secrets. */
    public record Verdict(String tokenHash, String tokenType, boolean truePositive) {
    }

    /** Applies the policy to each reported value, each in a transaction of its own, and answers their labels. */
    public List<Verdict> report(Actor reporter, String channel, List<Reported> values) {
        List<Verdict> out = new ArrayList<>(values.size());
        for (Reported r : values) {
            String type = r.type() == null || r.type().isBlank() ? TOKEN_TYPE : clean(r.type(), 100);
            out.add(new Verdict(r.tokenHash(), type, reportOne(reporter, channel, r)));
        }
        return out;
    }

    private boolean reportOne(Actor reporter, String channel, Reported r) {
        String url = clean(r.url(), 1000);
        String source = clean(r.source(), 100);
        String key = Randoms.sha256Hex(channel + "\n" + reporter.name() + "\n" + r.tokenHash() + "\n"
                + (url == null ? "" : url) + "\n" + (source == null ? "" : source));
        try {
            return service.write(reporter, tx -> apply(tx, key, r, url, source, channel));
        } catch (StoreException e) {
            if (!e.isUniqueViolation()) {
                throw e;
            }
            // The same report, committed by another request (or node) while this one ran: answered as it was.
            return db.read(c -> store.leaks().findReport(c, key)).map(LeakResponse::truePositive).orElseThrow(() -> e);
        }
    }

    private boolean apply(GatewayService.Tx tx, String key, Reported r, String url, String source, String channel)
            throws SQLException {
        var c = tx.connection();
        Optional<LeakStore.Report> earlier = store.leaks().findReport(c, key);
        if (earlier.isPresent()) {
            return truePositive(earlier.get());
        }
        long now = tx.now().toEpochMilli();
        store.leaks().purgeUnknown(c, now - KEEP_UNKNOWN.toMillis());
        Optional<LeakStore.HashMatch> match = r.wellFormed() ? locked(tx, r.tokenHash()) : Optional.empty();
        String where = (source == null ? channel : source) + (url == null ? "" : " at " + url);
        if (match.isEmpty()) {
            store.leaks().insertReport(c, new LeakStore.Report(Randoms.id("lkr_", 20), key, r.tokenHash(),
                    tx.actor().name(), source, url, "false_positive", "none", null, null, null, null, null, now));
            service.audit(tx, "leak.report", null, null, clean("A value that is no secret of this gateway, reported "
                    + "by " + where, 1000));
            return false;
        }
        LeakStore.HashMatch m = match.get();
        SecretIdentification.State state = identification(m, now).state();
        Long expiresAt = m.expiresAt();
        Long graceUntil = m.graceUntil();
        String action = "flag";
        if (state.works() && policy.action() != LeakPolicy.Action.FLAG) {
            long deadline = GatewayService.wholeSeconds(policy.action() == LeakPolicy.Action.REVOKE ? tx.now()
                    : tx.now().plus(policy.grace()));
            if (m.previousValue()) {
                graceUntil = Math.min(graceUntil, deadline);
            } else {
                expiresAt = expiresAt == null ? deadline : Math.min(expiresAt, deadline);
            }
            action = policy.action() == LeakPolicy.Action.REVOKE ? "revoke" : "rotate";
        }
        Long stopsAt = m.previousValue() ? graceUntil : expiresAt;
        store.leaks().insertReport(c, new LeakStore.Report(Randoms.id("lkr_", 20), key, r.tokenHash(),
                tx.actor().name(), source, url, "true_positive", action, m.applicationId(), m.applicationName(),
                m.secretId(), m.description(), stopsAt, now));
        store.leaks().update(c, m.secretId(), m.leakedAt() != null ? m.leakedAt() : now, expiresAt, graceUntil);
        if (!Objects.equals(expiresAt, m.expiresAt())) {
            store.secrets().refreshExpiries(c, m.applicationId());
        }
        String which = m.previousValue() ? "its previous value" : "its current value";
        String outcome = switch (action) {
            case "revoke" -> "revoked: " + which + " stopped working";
            case "rotate" -> "rotated: " + which + " works until " + Instant.ofEpochMilli(stopsAt);
            default -> "flagged: " + which + (state.works() ? " still works" : " had already stopped working");
        };
        service.audit(tx, "leak.report", m.applicationId(), m.secretId(), clean("Leak of \"" + m.description()
                + "\" reported by " + where + "; " + outcome, 1000));
        service.publishAfterCommit(tx, new GatewayEvent("secret.leaked", m.applicationId(), m.secretId(),
                m.version() + 1));
        return true;
    }

    /** The secret with this value, read again under its application's lock (null when it went meanwhile). */
    private Optional<LeakStore.HashMatch> locked(GatewayService.Tx tx, String hash) throws SQLException {
        Optional<LeakStore.HashMatch> first = store.leaks().findByHash(tx.connection(), hash);
        if (first.isEmpty() || store.applications().lock(tx.connection(), first.get().applicationId()).isEmpty()) {
            return Optional.empty();
        }
        return store.leaks().findByHash(tx.connection(), hash);
    }

    private static boolean truePositive(LeakStore.Report report) {
        return "true_positive".equals(report.label());
    }

    /**
     * Text from a reporter, fit for the audit trail: no control or format characters, at most {@code max}
     * characters, and any SecretDesk secret in it cut to its hint (a URL may quote the very value it reports).
     */
    static String clean(String text, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String hinted = SECRET_IN_TEXT.matcher(text).replaceAll("sds_$1…");
        StringBuilder sb = new StringBuilder();
        hinted.strip().codePoints().forEach(cp -> sb.appendCodePoint(
                Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT ? '?' : cp));
        return sb.length() <= max ? sb.toString() : sb.substring(0, max - 1) + "…";
    }
}
