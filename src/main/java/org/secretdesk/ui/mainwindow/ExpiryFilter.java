package org.secretdesk.ui.mainwindow;

import java.time.Duration;
import java.time.Instant;
import org.secretdesk.model.Application;
import org.secretdesk.model.SecretSummary;

/**
 * "Expiry at a glance": which secrets (and applications) to show next to the search. {@code days} is used by
 * {@link Kind#EXPIRING_WITHIN} and {@link Kind#UNUSED_FOR}.
 */
public record ExpiryFilter(Kind kind, int days) {

    public enum Kind {
        ALL("All secrets"),
        EXPIRING_WITHIN("Expiring within"),
        EXPIRED("Expired"),
        NEVER_EXPIRES("Never expires"),
        UNUSED_FOR("Unused for");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public boolean needsDays() {
            return this == EXPIRING_WITHIN || this == UNUSED_FOR;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static final ExpiryFilter ALL = new ExpiryFilter(Kind.ALL, 0);

    public ExpiryFilter {
        days = Math.max(0, days);
    }

    public boolean isAll() {
        return kind == Kind.ALL;
    }

    public boolean matches(SecretSummary s, Instant now) {
        return switch (kind) {
            case ALL -> true;
            case EXPIRED -> s.isExpiredAt(now);
            case EXPIRING_WITHIN -> !s.isExpiredAt(now) && s.expiresAt() != null
                    && !s.expiresAt().isAfter(now.plus(Duration.ofDays(days)));
            case NEVER_EXPIRES -> s.expiresAt() == null && !s.isExpiredAt(now);
            // Never used counts as unused since it was created.
            case UNUSED_FOR -> !(s.lastUsedAt() == null ? s.createdAt() : s.lastUsedAt())
                    .isAfter(now.minus(Duration.ofDays(days)));
        };
    }

    /**
     * Whether the application may hold a matching secret, judged from its summary (next expiry and expired count).
     * Use/never-expiry are not in the summary: such applications stay listed when they have secrets.
     */
    public boolean mayMatch(Application a, Instant now) {
        return switch (kind) {
            case ALL -> true;
            case EXPIRED -> a.expiredCount() > 0 || (a.nextExpiry() != null && !a.nextExpiry().isAfter(now));
            case EXPIRING_WITHIN -> a.nextExpiry() != null && a.nextExpiry().isAfter(now)
                    && !a.nextExpiry().isAfter(now.plus(Duration.ofDays(days)));
            case NEVER_EXPIRES, UNUSED_FOR -> a.secretCount() > 0;
        };
    }
}
