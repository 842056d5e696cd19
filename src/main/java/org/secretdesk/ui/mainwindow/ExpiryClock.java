package org.secretdesk.ui.mainwindow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.secretdesk.model.Application;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.ui.common.Redacted;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.UsageLines;

/**
 * What the clock means for the window: the expiry markers (⚠ inside the warning window, ✖ expired), relative
 * times ("in 4 days", "2 min ago") and the status chip, and when all of them must be redrawn. A one-second tick
 * moves "now"; a redraw is asked for every {@link #REDRAW_INTERVAL}, or sooner when a loaded secret expires or
 * enters the warning window.
 */
public final class ExpiryClock {

    /** Relative times ("in 3 min") and expiry markers are redrawn at least this often. */
    static final Duration REDRAW_INTERVAL = Duration.ofSeconds(15);

    private final Clock clock;
    private final RelativeTime times;
    private final UsageLines usage;
    private final FeaturesViewModel features;
    private final ObjectProperty<Instant> now;
    /** Bumped whenever cells showing relative times or expiry markers must be redrawn. */
    private final IntegerProperty revision = new SimpleIntegerProperty(0);
    private final List<Runnable> onRedraw = new ArrayList<>();
    private Supplier<Stream<Instant>> expiries = Stream::empty;
    /** The tick at or after which the next redraw is due. */
    private Instant nextRedrawAt = Instant.MIN;

    ExpiryClock(Clock clock, RelativeTime times, FeaturesViewModel features) {
        this.clock = clock;
        this.times = times;
        this.usage = new UsageLines(times);
        this.features = features;
        this.now = new SimpleObjectProperty<>(clock.instant());
    }

    /** Where the loaded expiry instants come from (applications' next expiries, the shown secrets'). */
    void watch(Supplier<Stream<Instant>> loadedExpiries) {
        this.expiries = loadedExpiries;
    }

    /** Runs on every redraw, before the cells are asked to redraw (filters that move with the clock). */
    void onRedraw(Runnable action) {
        onRedraw.add(action);
    }

    Instant instant() {
        return clock.instant();
    }

    /** Called every second by the View: moves "now" and redraws when due. */
    public void tick() {
        Instant t = clock.instant();
        now.set(t);
        if (!t.isBefore(nextRedrawAt)) {
            redraw();
        }
    }

    /** Asks the View to redraw relative times and markers now, and works out when the next redraw is due. */
    void redraw() {
        schedule();
        onRedraw.forEach(Runnable::run);
        revision.set(revision.get() + 1);
    }

    /**
     * Works out when relative times and markers next change: the interval, or sooner when a loaded secret expires
     * or enters the warning window. New data redraws its own cells, so this alone does not ask for a redraw.
     */
    void schedule() {
        Instant t = clock.instant();
        now.set(t);
        Duration warning = features.warningWindow();
        Instant[] next = {t.plus(REDRAW_INTERVAL)};
        expiries.get().forEach(expiresAt -> next[0] = earliestAfter(next[0], t, expiresAt, warning));
        nextRedrawAt = next[0];
    }

    /** The earlier of {@code next} and the instants after {@code t} at which {@code expiresAt} changes a marker. */
    private static Instant earliestAfter(Instant next, Instant t, Instant expiresAt, Duration warning) {
        if (expiresAt == null) {
            return next;
        }
        if (expiresAt.isAfter(t) && expiresAt.isBefore(next)) {
            next = expiresAt;
        }
        Instant warnAt = expiresAt.minus(warning);
        if (warnAt.isAfter(t) && warnAt.isBefore(next)) {
            next = warnAt;
        }
        return next;
    }

    public Marker markerFor(Application app) {
        Instant t = now.get();
        if (app.expiredCount() > 0 || (app.nextExpiry() != null && !app.nextExpiry().isAfter(t))) {
            return Marker.EXPIRED;
        }
        return expiring(app.nextExpiry(), t) ? Marker.EXPIRING : Marker.NONE;
    }

    public Marker markerFor(SecretSummary secret) {
        Instant t = now.get();
        if (secret.isExpiredAt(t)) {
            return Marker.EXPIRED;
        }
        return expiring(secret.expiresAt(), t) ? Marker.EXPIRING : Marker.NONE;
    }

    private boolean expiring(Instant expiresAt, Instant t) {
        return expiresAt != null && !expiresAt.isAfter(t.plus(features.warningWindow()));
    }

    public String expiresText(SecretSummary s) {
        if (s.expiresAt() == null) {
            return "never";
        }
        Instant t = now.get();
        if (!s.expiresAt().isAfter(t)) {
            return "expired " + times.relative(s.expiresAt(), t, "");
        }
        return times.relative(s.expiresAt(), t, "never");
    }

    /** The hint and a fixed row of dots: the same width for every secret, nothing about the value's length. */
    public String redactedText(SecretSummary s) {
        return Redacted.text(s.hint(), s.redacted());
    }

    public String lastUsedText(SecretSummary s) {
        return times.relative(s.lastUsedAt(), now.get(), "—");
    }

    /** The exact last use, from where, the day's count; during a grace period the old value's line too. */
    public String lastUsedTooltip(SecretSummary s) {
        return usage.lastUsedTooltip(s, now.get());
    }

    /**
     * During a grace period: the old value's state ("Old value used 2 min ago from 10.0.0.5 · 37 uses in the last
     * hour · valid until 14:05"), for the line under the table; null otherwise.
     */
    public String oldValueLine(SecretSummary s) {
        Instant t = now.get();
        if (s == null || s.previous() == null || s.previous().graceUntil() == null
                || !s.previous().graceUntil().isAfter(t)) {
            return null;
        }
        return usage.oldValueLine(s.previous(), t);
    }

    /** "old value: 1 min ago" under a secret's "Last used" during a grace period; null otherwise. */
    public String oldValueShort(SecretSummary s) {
        if (oldValueLine(s) == null || s.previous().usage() == null) {
            return null;
        }
        return "old value: " + times.relative(s.previous().usage().lastUsedAt(), now.get(), "not used");
    }

    public String createdText(SecretSummary s) {
        return times.date(s.createdAt());
    }

    public String relative(Instant t) {
        return times.relative(t, now.get(), "never");
    }

    public String exactTime(Instant t) {
        return t == null ? null : times.exact(t);
    }

    /**
     * "Active", "Expired", or while a renewed secret's previous value still works "Grace until 14:05" (today) or
     * "Grace until 2026-10-03"; the tooltip ({@link #statusTooltip}) has the exact time.
     */
    public String statusChipText(SecretSummary s) {
        Instant t = now.get();
        if (s.isExpiredAt(t)) {
            return "Expired";
        }
        if (inGrace(s, t)) {
            String end = times.date(s.graceUntil()).equals(times.date(t)) ? times.time(s.graceUntil())
                    : times.date(s.graceUntil());
            return "Grace until " + end;
        }
        return "Active";
    }

    /** The status chip's tooltip: what the chip says, in a sentence. */
    public String statusTooltip(SecretSummary s) {
        Instant t = now.get();
        if (s.isExpiredAt(t)) {
            return "This secret has expired: clients can no longer use it.";
        }
        if (inGrace(s, t)) {
            return "Renewed: the new value works, and the previous value keeps working until "
                    + times.exact(s.graceUntil()) + " (" + times.relative(s.graceUntil(), t, "") + ").";
        }
        return "Active: clients can use this secret.";
    }

    private static boolean inGrace(SecretSummary s, Instant t) {
        return s.graceUntil() != null && s.graceUntil().isAfter(t);
    }

    public ReadOnlyObjectProperty<Instant> nowProperty() {
        return now;
    }

    /** Changes whenever relative times and expiry markers must be redrawn (the data did not change). */
    public ReadOnlyIntegerProperty revisionProperty() {
        return revision;
    }
}
