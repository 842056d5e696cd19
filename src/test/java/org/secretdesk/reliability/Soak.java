package org.secretdesk.reliability;

/**
 * Sizes of the reliability tests: short in {@code mvn verify}, large with {@code -Psoak} (which sets
 * {@code -Dsoak=true}). Each test reads its own count so that one property can be raised on its own.
 */
final class Soak {

    private Soak() {
    }

    static boolean enabled() {
        return Boolean.getBoolean("soak");
    }

    /** {@code fast} normally, {@code soak} with -Dsoak=true; -Dname=N overrides both. */
    static int count(String name, int fast, int soak) {
        return Integer.getInteger(name, enabled() ? soak : fast);
    }
}
