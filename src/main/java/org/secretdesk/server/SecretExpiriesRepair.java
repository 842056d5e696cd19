package org.secretdesk.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.store.SecretExpiries;
import org.secretdesk.server.store.Store;

/** Repairs the stored secret counts and expiries an older gateway version left stale (schema V6). */
final class SecretExpiriesRepair {

    private SecretExpiriesRepair() {
    }

    /** Applications checked per read by {@link #repair}. */
    private static final int REPAIR_PAGE = 500;

    /**
     * Checks every application's stored expiry list ({@code applications.secret_expiries}, from which secret counts
     * and next expiries are shown) against its secrets and rewrites the ones that differ. They differ only when a
     * gateway older than schema version 6 changed secrets in the same database (a rolling upgrade, or a rollback
     * and upgrade again; docs/deployment.md). Reads in pages; writes only what is wrong, each under the
     * application's lock, checked again there. Stops early when {@code keepGoing} turns false.
     *
     * @return how many applications were rewritten
     */
    static int repair(Database db, Store store, BooleanSupplier keepGoing) {
        String after = "";
        int repaired = 0;
        while (keepGoing.getAsBoolean()) {
            String from = after;
            List<String[]> page = db.read(c -> store.secrets().storedExpiries(c, from, REPAIR_PAGE));
            if (page.isEmpty()) {
                break;
            }
            List<String> stale = db.read(c -> {
                List<String> ids = new ArrayList<>();
                for (String[] row : page) {
                    if (!SecretExpiries.sameEntries(row[1], store.secrets().expiriesFromSecrets(c, row[0]))) {
                        ids.add(row[0]);
                    }
                }
                return ids;
            });
            for (String id : stale) {
                // Checked again under the lock: the two reads above are not one snapshot, so a write committed
                // between them (the gateway serves meanwhile) looks like a difference that is not there.
                boolean rewritten = db.inTransaction(c -> store.applications().lock(c, id).isPresent()
                        && store.secrets().refreshExpiriesIfStale(c, id));
                repaired += rewritten ? 1 : 0;
            }
            after = page.getLast()[0];
        }
        return repaired;
    }}
