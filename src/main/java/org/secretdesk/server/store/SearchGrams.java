package org.secretdesk.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trigram index behind application search ({@code application_grams}, migration V5): for each application,
 * by name, every distinct three-character window of its lower-cased name, description and client id. Written in
 * the transaction that writes the application. A search for a text of three or more ASCII characters reads the
 * applications that have all of its trigrams (only candidates: the exact {@code LIKE} decides) in name order from
 * the rarest trigram's entries, so a page costs about as many index entries as it has to skip, not one row per
 * application.
 */
final class SearchGrams {

    /** Gram counts are only needed to pick the rarest gram: counted up to this bound and kept for a while. */
    private static final int COUNT_BOUND = 5_000;
    private static final long COUNT_TTL_NANOS = 10L * 60 * 1_000_000_000L;
    private static final int COUNT_CACHE_MAX = 50_000;
    /** The rarest gram drives the search; at most this many more are checked against the index. */
    private static final int EXTRA_GRAMS = 2;

    private record Count(int count, long expiresNanos) {
    }

    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    /** Every distinct trigram of the three searchable fields (each field on its own). */
    static Set<String> of(String name, String description, String clientId) {
        Set<String> out = new LinkedHashSet<>();
        for (String field : new String[] {name, description, clientId}) {
            String t = field == null ? "" : field.toLowerCase(Locale.ROOT);
            for (int i = 0; i + 3 <= t.length(); i++) {
                out.add(t.substring(i, i + 3));
            }
        }
        return out;
    }

    /**
     * The trigrams of an already lower-cased query, or none when the index cannot serve it: shorter than three
     * characters, or with a character outside ASCII (the index's windows and the database's LOWER agree on
     * ASCII text only; such queries keep the scan).
     */
    static List<String> ofQuery(String lowerQuery) {
        for (int i = 0; i < lowerQuery.length(); i++) {
            if (lowerQuery.charAt(i) > 127) {
                return List.of();
            }
        }
        return List.copyOf(of(lowerQuery, null, null));
    }

    void insert(Connection c, String name, Collection<String> grams) throws SQLException {
        batch(c, "INSERT INTO application_grams (gram, name) VALUES (?, ?)", name, grams);
    }

    void delete(Connection c, String name, Collection<String> grams) throws SQLException {
        batch(c, "DELETE FROM application_grams WHERE gram = ? AND name = ?", name, grams);
    }

    private static void batch(Connection c, String sql, String name, Collection<String> grams) throws SQLException {
        if (grams.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (String g : grams) {
                ps.setString(1, g);
                ps.setString(2, name);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** {@code grams} rarest first, at most {@code 1 + EXTRA_GRAMS} of them. */
    List<String> rarestFirst(Connection c, List<String> grams) throws SQLException {
        List<String> sorted = new ArrayList<>(grams);
        Map<String, Integer> n = new HashMap<>();
        for (String g : grams) {
            n.put(g, count(c, g));
        }
        sorted.sort(Comparator.comparing(n::get));
        return sorted.subList(0, Math.min(sorted.size(), 1 + EXTRA_GRAMS));
    }

    private int count(Connection c, String gram) throws SQLException {
        long now = System.nanoTime();
        Count cached = counts.get(gram);
        if (cached != null && cached.expiresNanos - now > 0) {
            return cached.count;
        }
        int count;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 FROM application_grams "
                + "WHERE gram = ? LIMIT " + COUNT_BOUND + ") AS bounded")) {
            ps.setString(1, gram);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                count = rs.getInt(1);
            }
        }
        if (counts.size() >= COUNT_CACHE_MAX) {
            counts.clear();
        }
        counts.put(gram, new Count(count, now + COUNT_TTL_NANOS));
        return count;
    }
}
