package org.secretdesk.client.gravitee;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.HttpTransport.Reply;
import org.secretdesk.client.gravitee.GraviteeProblems.Call;
import org.secretdesk.model.Application;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.Page;

/**
 * Gravitee AM's applications as SecretDesk shows them.
 *
 * <p>{@code GET …/applications} answers thin items (id, name, description, type, enabled, template, updatedAt; the
 * client id only with {@code expand=clientId}, from 4.12): no settings and no secrets. What the console shows per
 * application (client id, secret count, next expiry, expiry policy) is in the application's own resource, so each
 * listed application is completed from {@code GET …/applications/{id}}: at most {@value #DETAIL_CONCURRENCY} at a
 * time, and only when it changed since it was last read (Gravitee moves an application's {@code updatedAt} on every
 * change, secrets included). A refresh of a large domain therefore reads only what changed; the first load reads
 * each application once.
 *
 * <p>Gravitee pages by skipping {@code page × size} items. The cursor here is the offset of the next item, and each
 * call picks a page size that divides it, so callers may change the page size from one call to the next.
 */
final class GraviteeApplications {

    static final int DETAIL_CONCURRENCY = 4;
    private static final int CACHE_LIMIT = 50_000;
    /** Characters that Gravitee 4.8 would pass to a regular expression unescaped; each becomes a wildcard. */
    private static final Pattern REGEX_META = Pattern.compile("[\\\\^$.|?+()\\[\\]{}]");

    /** What only the application's own resource tells. {@code expiries} in epoch ms, {@code Long.MAX_VALUE} = never. */
    record Details(Instant updatedAt, Instant createdAt, String clientId, ExpiryPolicy policy, long[] expiries) {
    }

    private final GraviteeSession session;
    private final ConcurrentHashMap<String, Details> details = new ConcurrentHashMap<>();
    /** Client ids never change: kept apart from the details so an issued secret names its client at once. */
    private final ConcurrentHashMap<String, String> clientIds = new ConcurrentHashMap<>();

    GraviteeApplications(GraviteeSession session) {
        this.session = session;
    }

    Page<Application> list(String query, int limit, String cursor) {
        int offset = parseOffset(cursor);
        int size = pageSize(offset, limit <= 0 ? 50 : limit);
        HttpUrl.Builder url = session.domainUrl("applications").newBuilder()
                .addQueryParameter("page", Integer.toString(offset / size))
                .addQueryParameter("size", Integer.toString(size))
                .addQueryParameter("expand", "clientId");
        if (query != null && !query.isBlank()) {
            url.addQueryParameter("q", wildcard(query));
        }
        HttpUrl built = url.build();
        Reply reply = session.send(Call.LIST_APPLICATIONS, () -> GraviteeSession.get(built));
        JsonNode root = session.json(reply);
        JsonNode data = root.isArray() ? root : root.path("data");
        if (!data.isArray()) {
            throw session.http.protocol("no application list", reply.url());
        }
        List<JsonNode> items = new ArrayList<>();
        data.forEach(items::add);
        List<Application> apps = complete(items, reply.url());
        int next = offset + items.size();
        boolean more = root.path("totalCount").isNumber()
                ? !items.isEmpty() && next < root.path("totalCount").asLong()
                : items.size() == size;
        return new Page<>(apps, more ? Integer.toString(next) : null);
    }

    Application get(String applicationId) {
        Reply reply = session.send(Call.APPLICATION, () -> GraviteeSession.get(session.domainUrl("applications",
                applicationId)));
        return fromResource(session.json(reply), reply.url());
    }

    /** An application's own resource (GET or PATCH answer): remembered, then shown. */
    Application fromResource(JsonNode n, HttpUrl url) {
        String id = requireId(n, url);
        Details d = details(n);
        remember(id, d);
        return application(n, d);
    }

    /** The application's client id, read from its resource when not known yet; null when the role may not see it. */
    String clientIdOf(String applicationId) {
        String known = clientIds.get(applicationId);
        if (known != null) {
            return known;
        }
        Reply reply = session.exchange(() -> GraviteeSession.get(session.domainUrl("applications", applicationId)));
        if (!reply.isSuccessful()) {
            return null; // the issuing call that follows reports the problem, or issues without a client id
        }
        return fromResource(session.json(reply), reply.url()).clientId();
    }

    /** The application changed through us: read it again next time. */
    void changed(String applicationId) {
        details.remove(applicationId);
    }

    // ================================================================ completing list items

    private List<Application> complete(List<JsonNode> items, HttpUrl url) {
        Application[] out = new Application[items.size()];
        List<Integer> stale = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode n = items.get(i);
            String id = requireId(n, url);
            Details d = details.get(id);
            Instant updatedAt = GraviteeJson.instant(n.path("updatedAt"));
            if (d != null && updatedAt != null && updatedAt.equals(d.updatedAt())) {
                out[i] = application(n, d);
            } else {
                stale.add(i);
            }
        }
        if (!stale.isEmpty()) {
            AtomicInteger next = new AtomicInteger();
            Callable<Void> worker = () -> {
                for (int k; (k = next.getAndIncrement()) < stale.size(); ) {
                    int i = stale.get(k);
                    JsonNode n = items.get(i);
                    Details d = fetchDetails(n.path("id").asText());
                    out[i] = application(n, d);
                }
                return null;
            };
            runAll(worker, Math.min(DETAIL_CONCURRENCY, stale.size()));
        }
        return List.of(out);
    }

    /** The application's resource, or null when it is gone or the role may not read it (the item stays thin). */
    private Details fetchDetails(String id) {
        Reply reply = session.exchange(() -> GraviteeSession.get(session.domainUrl("applications", id)));
        if (reply.status() == 403 || reply.status() == 404) {
            return null;
        }
        if (!reply.isSuccessful()) {
            throw session.failure(Call.APPLICATION, reply);
        }
        Details d = details(session.json(reply));
        remember(id, d);
        return d;
    }

    private static void runAll(Callable<Void> worker, int workers) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(worker));
            }
            RuntimeException first = null;
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException r ? r
                                : new IllegalStateException("Reading an application failed", e.getCause());
                    }
                } catch (InterruptedException e) {
                    pool.shutdownNow();
                    Thread.currentThread().interrupt();
                    throw new GatewayException(GatewayException.Kind.OFFLINE, "Loading the applications was interrupted.",
                            null, e);
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    private void remember(String id, Details d) {
        if (details.size() > CACHE_LIMIT) {
            details.clear();
        }
        if (d.updatedAt() != null) {
            details.put(id, d);
        }
        if (d.clientId() != null) {
            clientIds.put(id, d.clientId());
        }
    }

    // ================================================================ mapping

    private static Details details(JsonNode n) {
        JsonNode settings = n.path("settings");
        JsonNode secrets = n.path("secrets");
        long[] expiries = new long[secrets.isArray() ? secrets.size() : 0];
        for (int i = 0; i < expiries.length; i++) {
            Instant at = GraviteeJson.instant(secrets.get(i).path("expiresAt"));
            expiries[i] = at == null ? Long.MAX_VALUE : at.toEpochMilli();
        }
        return new Details(GraviteeJson.instant(n.path("updatedAt")), GraviteeJson.instant(n.path("createdAt")),
                GraviteeJson.text(settings.path("oauth"), "clientId", null),
                GraviteeJson.applicationPolicy(settings.path("secretExpirationSettings")), expiries);
    }

    /** A list item or an application resource, completed with its details (null: only what the item says). */
    private Application application(JsonNode n, Details d) {
        String id = n.path("id").asText();
        String clientId = GraviteeJson.text(n, "clientId", d == null ? clientIds.get(id) : d.clientId());
        long now = session.clock().millis();
        int count = 0;
        int expired = 0;
        long nextExpiry = Long.MAX_VALUE;
        if (d != null) {
            for (long at : d.expiries()) {
                count++;
                if (at <= now) {
                    expired++;
                } else if (at < nextExpiry) {
                    nextExpiry = at;
                }
            }
        }
        return new Application(id, GraviteeJson.text(n, "name", id), GraviteeJson.text(n, "description", ""),
                clientId, List.of(), d == null ? null : d.createdAt(), GraviteeJson.instant(n.path("updatedAt")), 0,
                d == null ? ExpiryPolicy.FOLLOW_DOMAIN : d.policy(), count,
                nextExpiry == Long.MAX_VALUE ? null : Instant.ofEpochMilli(nextExpiry), expired);
    }

    private String requireId(JsonNode n, HttpUrl url) {
        String id = GraviteeJson.text(n, "id", null);
        if (id == null || id.isBlank()) {
            throw session.http.protocol("an application without an id", url);
        }
        return id;
    }

    // ================================================================ paging and search

    /** The largest page size up to {@code limit} whose pages start at {@code offset} (Gravitee skips page × size). */
    static int pageSize(int offset, int limit) {
        if (offset == 0 || offset % limit == 0) {
            return limit;
        }
        int best = 1;
        for (int d = 1; (long) d * d <= offset; d++) {
            if (offset % d == 0) {
                if (d <= limit) {
                    best = Math.max(best, d);
                }
                if (offset / d <= limit) {
                    best = Math.max(best, offset / d);
                }
            }
        }
        return best;
    }

    /**
     * Gravitee's {@code q} is an exact (case-insensitive) name or client id unless it holds {@code *}: a search
     * for "bill" becomes {@code *bill*}. Regular-expression characters become wildcards too, since 4.8 does not
     * escape them (the list may hold a few more, never fewer).
     */
    static String wildcard(String query) {
        String q = REGEX_META.matcher(query.strip()).replaceAll("*");
        if (!query.contains("*")) {
            q = "*" + q + "*";
        }
        return q.replaceAll("\\*+", "*");
    }

    private static int parseOffset(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(cursor));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a cursor of this list: " + cursor);
        }
    }
}
