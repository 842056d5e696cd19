package org.secretdesk.ui.stale;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.Page;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.ui.applications.TypedConfirmViewModel;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.Csv;
import org.secretdesk.ui.common.ErrorMessages;
import org.secretdesk.ui.common.UsageLines;

/**
 * Stale secrets across every application: "never used" or "unused for N days" (the gateway's list of unused
 * secrets), several chosen and deleted after one typed confirmation — the number of secrets —, and the list as CSV
 * (what each secret is and how it was used; never a value, nor its hint). No controls.
 */
public final class StaleSecretsViewModel {

    /** Page size for the gateway's list (its maximum). */
    static final int PAGE_SIZE = 1000;
    static final int MAX_DAYS = 3650;
    public static final List<String> CSV_HEADER = List.of("application", "applicationId", "secretId", "description",
            "created", "expires", "lastUsedAt", "lastUsedFrom", "uses24h");

    public enum Filter {
        NEVER_USED("Never used"),
        UNUSED_FOR("Unused for");

        private final String label;

        Filter(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** A row: the secret and its application's name. */
    public record Row(SecretSummary secret, String application) {
    }

    private final Background background;
    private final GatewayClient client;
    private final Capabilities capabilities;
    private final Function<String, String> applicationNames;
    private final Clock clock;
    private final UsageLines lines;
    private final ObjectProperty<Filter> filter = new SimpleObjectProperty<>(Filter.UNUSED_FOR);
    private final StringProperty days = new SimpleStringProperty("30");
    private final StringBinding daysError;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Row> selected = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper("");
    private final StringBinding countText;
    private long generation;

    /** @param applicationNames an application id to its name (the id itself when unknown) */
    public StaleSecretsViewModel(Background background, GatewayClient client, Capabilities capabilities,
                                 Function<String, String> applicationNames, Clock clock, UsageLines lines) {
        this.background = Objects.requireNonNull(background);
        this.client = Objects.requireNonNull(client);
        this.capabilities = Objects.requireNonNull(capabilities);
        this.applicationNames = Objects.requireNonNull(applicationNames);
        this.clock = Objects.requireNonNull(clock);
        this.lines = Objects.requireNonNull(lines);
        daysError = Bindings.createStringBinding(this::daysProblem, filter, days);
        countText = Bindings.createStringBinding(() -> {
            String n = rows.size() == 1 ? "1 secret" : rows.size() + " secrets";
            return selected.isEmpty() ? n : n + " · " + selected.size() + " selected";
        }, rows, selected);
    }

    /** Null when the gateway records use; else why there is nothing to filter by, in the backend's words. */
    public String unavailable() {
        return capabilities.supports(Feature.USAGE) ? null : capabilities.explain(Feature.USAGE);
    }

    private String daysProblem() {
        if (filter.get() != Filter.UNUSED_FOR) {
            return null;
        }
        int n = parsedDays();
        return n < 1 || n > MAX_DAYS ? "Type a number of days from 1 to " + MAX_DAYS + "." : null;
    }

    private int parsedDays() {
        try {
            return Integer.parseInt(days.get() == null ? "" : days.get().strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads the list for the filter from the gateway (every page); the previous rows stay until it arrives. */
    public void load() {
        if (unavailable() != null) {
            error.set(unavailable());
            return;
        }
        if (daysError.get() != null) {
            return;
        }
        Filter f = filter.get();
        Instant now = clock.instant();
        Instant since = f == Filter.NEVER_USED ? now : now.minus(Duration.ofDays(parsedDays()));
        long gen = ++generation;
        busy.set(true);
        error.set("");
        info.set("");
        background.call(() -> {
            List<SecretSummary> all = new ArrayList<>();
            String cursor = null;
            do {
                Page<SecretSummary> page = client.listUnusedSecrets(since, PAGE_SIZE, cursor);
                all.addAll(page.items());
                cursor = page.nextCursor();
            } while (cursor != null);
            return all;
        }, all -> {
            if (gen != generation) {
                return;
            }
            busy.set(false);
            selected.clear();
            rows.setAll(all.stream().filter(s -> f != Filter.NEVER_USED || neverUsed(s))
                    .map(s -> new Row(s, applicationNames.apply(s.applicationId()))).toList());
        }, e -> {
            if (gen == generation) {
                busy.set(false);
                error.set(ErrorMessages.describe(e, "list the unused secrets"));
            }
        });
    }

    static boolean neverUsed(SecretSummary s) {
        return s.lastUsedAt() == null && (s.usage() == null || s.usage().neverUsed());
    }

    /** The View's selection. */
    public void select(List<Row> chosen) {
        selected.setAll(chosen);
    }

    /**
     * The typed confirmation for deleting the selected secrets: the number of them, typed exactly; null when none is
     * selected.
     */
    public TypedConfirmViewModel deleteConfirmation() {
        return selected.isEmpty() ? null
                : new TypedConfirmViewModel(String.valueOf(selected.size()), "delete the secrets");
    }

    /** What the confirmation says: how many, of how many applications, and that clients using them fail. */
    public String deleteWarning() {
        long apps = selected.stream().map(r -> r.secret().applicationId()).distinct().count();
        return "This cannot be undone: " + (selected.size() == 1 ? "1 secret" : selected.size() + " secrets") + " of "
                + (apps == 1 ? "1 application" : apps + " applications") + " will be deleted, and clients still "
                + "using them will fail to authenticate.";
    }

    /**
     * Deletes the selected secrets one by one (each with its version: one changed meanwhile is left alone); then
     * {@code confirm} succeeds, the deleted rows go, and a failure names each secret that was not deleted and why.
     */
    public void deleteSelected(TypedConfirmViewModel confirm, Runnable done) {
        if (!confirm.begin()) {
            return;
        }
        List<Row> chosen = List.copyOf(selected);
        busy.set(true);
        error.set("");
        info.set("");
        background.call(() -> {
            List<Row> deleted = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (Row r : chosen) {
                try {
                    client.deleteSecret(r.secret().applicationId(), r.secret().id(), r.secret().version());
                    deleted.add(r);
                } catch (RuntimeException e) {
                    failures.add(r.application() + " / " + r.secret().description() + ": "
                            + ErrorMessages.describe(e, "delete it"));
                }
            }
            return new Deleted(deleted, failures);
        }, result -> {
            busy.set(false);
            rows.removeAll(result.deleted());
            selected.removeAll(result.deleted());
            confirm.succeeded();
            int n = result.deleted().size();
            info.set(n == 0 ? "" : "Deleted " + (n == 1 ? "1 secret." : n + " secrets."));
            if (!result.failures().isEmpty()) {
                error.set("Not deleted (" + result.failures().size() + " of " + chosen.size() + "): "
                        + String.join("; ", result.failures()));
            }
            done.run();
        }, e -> {
            busy.set(false);
            confirm.failed(e);
        });
    }

    private record Deleted(List<Row> deleted, List<String> failures) {
    }

    /** The rows as CSV: no value and no hint of one. */
    public String csv() {
        return Csv.write(CSV_HEADER, rows.stream().map(r -> {
            SecretSummary s = r.secret();
            Instant last = lastUsed(s);
            return java.util.Arrays.asList(r.application(), s.applicationId(), s.id(), s.description(),
                    iso(s.createdAt()), iso(s.expiresAt()), iso(last),
                    s.usage() == null ? null : s.usage().lastUsedFrom(),
                    s.usage() == null ? null : String.valueOf(s.usage().uses24h()));
        }).toList());
    }

    private static String iso(Instant t) {
        return t == null ? "" : t.toString();
    }

    private static Instant lastUsed(SecretSummary s) {
        return s.usage() != null && s.usage().lastUsedAt() != null ? s.usage().lastUsedAt() : s.lastUsedAt();
    }

    public void exportTo(Path file) {
        String content = csv();
        int count = rows.size();
        busy.set(true);
        Csv.save(background, file, content, f -> {
            busy.set(false);
            info.set("Exported " + (count == 1 ? "1 secret" : count + " secrets") + " to " + f.getFileName());
        }, message -> {
            busy.set(false);
            error.set(message);
        });
    }

    // ---------------------------------------------------------------- for the table

    public String lastUsedText(Row r) {
        Instant last = lastUsed(r.secret());
        return last == null ? "Never used" : lines.times().relative(last, clock.instant(), "");
    }

    public String lastUsedFrom(Row r) {
        SecretSummary s = r.secret();
        return s.usage() == null || s.usage().lastUsedFrom() == null ? "—" : s.usage().lastUsedFrom();
    }

    public String createdText(Row r) {
        return lines.times().date(r.secret().createdAt());
    }

    public ObjectProperty<Filter> filterProperty() {
        return filter;
    }

    public StringProperty daysProperty() {
        return days;
    }

    /** Why the days typed do not count, or null. */
    public StringBinding daysError() {
        return daysError;
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    public ObservableList<Row> selected() {
        return selected;
    }

    public StringBinding countText() {
        return countText;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty infoProperty() {
        return info.getReadOnlyProperty();
    }
}
