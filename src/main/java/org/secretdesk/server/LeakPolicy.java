package org.secretdesk.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What the gateway does with a reported leak of one of its secrets' values (issue 22), and whose reports it
 * accepts from outside.
 *
 * @param action           {@link Action#REVOKE}, {@link Action#ROTATE} (the default) or {@link Action#FLAG}
 * @param grace            with {@code ROTATE}: how long the leaked value keeps working (default PT1H, at most P7D)
 * @param githubPublicKeys a file with the public keys of GitHub's secret scanning in the format GitHub serves them
 *                         ({@code {"public_keys":[{"key_identifier","key","is_current"}]}}); null: reports in
 *                         GitHub's format are refused
 */
public record LeakPolicy(Action action, Duration grace, Path githubPublicKeys) {

    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    public enum Action {
        /** The value stops working at once. */
        REVOKE,
        /** The value keeps working for the grace period, so that its owners can deploy a new one; then it stops. */
        ROTATE,
        /** Nothing changes but the mark, the audit record, the event and the notification. */
        FLAG;

        public static Action parse(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "revoke" -> REVOKE;
                case "rotate" -> ROTATE;
                case "flag" -> FLAG;
                default -> throw new IllegalArgumentException("the leak policy must be revoke, rotate or flag");
            };
        }
    }

    public LeakPolicy {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative() || grace.isZero() || grace.compareTo(GatewayService.MAX_GRACE) > 0) {
            throw new IllegalArgumentException("the leak grace period must be positive and at most P7D");
        }
    }

    public static LeakPolicy defaults() {
        return new LeakPolicy(Action.ROTATE, DEFAULT_GRACE, null);
    }

    public LeakPolicy withAction(Action value) {
        return new LeakPolicy(value, grace, githubPublicKeys);
    }

    public LeakPolicy withGrace(Duration value) {
        return new LeakPolicy(action, value, githubPublicKeys);
    }

    public LeakPolicy withGithubPublicKeys(Path value) {
        return new LeakPolicy(action, grace, value);
    }
}
