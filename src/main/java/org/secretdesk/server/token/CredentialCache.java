package org.secretdesk.server.token;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.secretdesk.server.store.CredentialStore.ClientCredentials;
import org.secretdesk.server.store.Database;

/**
 * The stored credentials (hashes, expiry and grace times, roles) of the clients that asked for tokens, kept between
 * requests on a gateway that is the database's only writer (H2) until the next write transaction ends.
 *
 * <p>Why it is safe: an entry is tagged with {@link Database#writeGeneration()} as it was <em>before</em> the read
 * that filled it, and used only while the generation is unchanged. Every write transaction (a new, renewed, deleted
 * or revoked secret, a grace ended, a role changed) changes the generation before its caller is answered, so once an
 * API call that deleted a secret has returned, no token request finds the old entry. A read that overlapped a write
 * carries the generation from before that write and is never used. Expiry and grace times are compared with the
 * clock at each request, as before. Unknown client ids are not kept (a spray of random ids cannot fill it), and
 * it holds at most {@link #MAX_ENTRIES} clients; it holds SHA-256 hashes only, never a secret.
 *
 * <p>Why it exists: the credentials read was a tenth of a token's CPU (JFR, docs/benchmarks.md, issue 24). On
 * PostgreSQL other nodes write too, so there every request reads the database.
 */
final class CredentialCache {

    static final int MAX_ENTRIES = 10_000;

    private record Entry(long generation, ClientCredentials credentials) {
    }

    private final Database db;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    CredentialCache(Database db) {
        this.db = db;
    }

    /** {@code clientId}'s credentials: kept ones while no write has ended since they were read, else {@code load}'s. */
    Optional<ClientCredentials> get(String clientId, Supplier<Optional<ClientCredentials>> load) {
        long generation = db.writeGeneration();
        Entry kept = entries.get(clientId);
        if (kept != null && kept.generation() == generation) {
            return Optional.of(kept.credentials());
        }
        Optional<ClientCredentials> read = load.get();
        if (read.isEmpty()) {
            entries.remove(clientId);
            return read;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(clientId, new Entry(generation, read.get()));
        return read;
    }
}
