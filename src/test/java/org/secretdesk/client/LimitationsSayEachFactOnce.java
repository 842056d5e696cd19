package org.secretdesk.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Issue 25: "What this gateway cannot do" listed facts twice in other words ("does not record when a client secret
 * was last used" and "does not record when or from where a client secret is used"). Two lines that share most of
 * their words say one fact twice.
 */
public final class LimitationsSayEachFactOnce {

    private static final Set<String> COMMON = Set.of("this", "that", "with", "from", "there", "their", "them",
            "when", "where", "does", "have", "only", "secret", "secrets", "client", "clients", "console", "admin",
            "keycloak", "gravitee", "dataminer", "brokergateway", "secretdesk", "gateway", "value", "read", "keeps",
            "keep");

    private LimitationsSayEachFactOnce() {
    }

    /** The distinct sentences of what {@code capabilities} lacks, as the connection details list them. */
    public static List<String> lines(Capabilities capabilities) {
        Set<String> lines = new LinkedHashSet<>();
        for (Capabilities.Feature f : Capabilities.Feature.values()) {
            if (!capabilities.supports(f) && capabilities.explanations().containsKey(f)) {
                lines.add(capabilities.explain(f));
            }
        }
        return List.copyOf(lines);
    }

    public static void check(Capabilities capabilities) {
        List<String> lines = lines(capabilities);
        List<String> twice = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            for (int j = i + 1; j < lines.size(); j++) {
                if (sayTheSame(words(lines.get(i)), words(lines.get(j)))) {
                    twice.add(lines.get(i) + "  ~  " + lines.get(j));
                }
            }
        }
        assertThat(twice).as("limitations that say one fact twice").isEmpty();
    }

    private static Set<String> words(String sentence) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : sentence.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (w.length() >= 4 && !COMMON.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** At least two words shared, and half the words of the shorter sentence. */
    private static boolean sayTheSame(Set<String> a, Set<String> b) {
        Set<String> shared = new LinkedHashSet<>(a);
        shared.retainAll(b);
        int smaller = Math.min(a.size(), b.size());
        return shared.size() >= 2 && shared.size() * 2 >= smaller;
    }
}
