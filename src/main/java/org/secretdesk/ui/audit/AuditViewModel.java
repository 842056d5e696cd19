package org.secretdesk.ui.audit;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.secretdesk.client.AuditQuery;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.Csv;
import org.secretdesk.ui.common.DateFields;
import org.secretdesk.ui.common.ErrorMessages;
import org.secretdesk.ui.common.RelativeTime;

/**
 * The audit log window: filters (application, action, actor, date range), pages of records fetched through the
 * cursor ("Load more"), and CSV export of what is loaded. No controls.
 */
public final class AuditViewModel {

    public static final int PAGE_SIZE = 100;
    /** The actions the gateway records, for the filter's choices; "" is any. */
    public static final List<String> ACTIONS = List.of("", "application.create", "application.update",
            "application.delete", "secret.create", "secret.renew", "secret.delete", "policy.update", "auth.failed");

    private final Background background;
    private final GatewayClient client;
    private final ZoneId zone;
    /** Names by application id: the console's list, then the gateway's answer or the log's own records. */
    private final ObservableMap<String, String> applicationNames = FXCollections.observableHashMap();
    /** Ids already asked of the gateway (once each). */
    private final Set<String> asked = new HashSet<>();

    private final ObservableList<Application> applications = FXCollections.observableArrayList();
    private final ObjectProperty<Application> application = new SimpleObjectProperty<>();
    private final StringProperty action = new SimpleStringProperty("");
    private final StringProperty actor = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> fromDate = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> toDate = new SimpleObjectProperty<>();
    /** A date field's text when it is no date: said, not silently dropped from the filter. */
    private final StringProperty unreadableFrom = new SimpleStringProperty("");
    private final StringProperty unreadableTo = new SimpleStringProperty("");
    private final ObservableList<AuditEvent> rows = FXCollections.observableArrayList();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final StringProperty info = new SimpleStringProperty();
    private String nextCursor;
    private final BooleanProperty hasMore = new SimpleBooleanProperty();
    private long generation;

    private final StringBinding rangeError;
    private final StringBinding countText;
    private final BooleanBinding canLoadMore;

    public AuditViewModel(Background background, GatewayClient client, List<Application> knownApplications,
                          ZoneId zone) {
        this.background = background;
        this.client = client;
        this.zone = zone;
        this.applications.setAll(knownApplications);
        for (Application a : knownApplications) {
            applicationNames.put(a.id(), a.name());
        }
        rangeError = Bindings.createStringBinding(() -> {
            if (!unreadableFrom.get().isEmpty()) {
                return DateFields.notADate(unreadableFrom.get()) + ".";
            }
            if (!unreadableTo.get().isEmpty()) {
                return DateFields.notADate(unreadableTo.get()) + ".";
            }
            return fromDate.get() != null && toDate.get() != null && toDate.get().isBefore(fromDate.get())
                    ? "The end date is before the start date." : null;
        }, fromDate, toDate, unreadableFrom, unreadableTo);
        countText = Bindings.createStringBinding(() -> rows.size() + (rows.size() == 1 ? " record" : " records")
                + (hasMore.get() ? " loaded · more available" : ""), rows, hasMore);
        canLoadMore = Bindings.createBooleanBinding(() -> hasMore.get() && !busy.get(), hasMore, busy);
    }

    /** The query the filters describe, from the start of the log. */
    AuditQuery query(String cursor) {
        Instant from = fromDate.get() == null ? null : fromDate.get().atStartOfDay(zone).toInstant();
        Instant to = toDate.get() == null ? null : toDate.get().plusDays(1).atStartOfDay(zone).toInstant();
        return new AuditQuery(application.get() == null ? null : application.get().id(), blankToNull(action.get()),
                blankToNull(actor.get()), from, to, PAGE_SIZE, cursor);
    }

    /** Applies the filters: the first page again. */
    public void search() {
        if (rangeError.get() != null) {
            return;
        }
        rows.clear();
        nextCursor = null;
        hasMore.set(false);
        load(query(null), ++generation);
    }

    /** The next page after what is shown. */
    public void loadMore() {
        if (nextCursor == null || busy.get()) {
            return;
        }
        load(query(nextCursor), generation);
    }

    private void load(AuditQuery q, long gen) {
        busy.set(true);
        error.set(null);
        background.call(() -> client.listAudit(q), page -> {
            if (gen != generation) {
                return;
            }
            busy.set(false);
            learnNames(page.items());
            rows.addAll(page.items());
            askNames(page.items());
            nextCursor = page.nextCursor();
            hasMore.set(nextCursor != null);
        }, e -> {
            if (gen != generation) {
                return;
            }
            busy.set(false);
            error.set(ErrorMessages.describe(e, "load the audit log"));
        });
    }

    /** The From field's text as it is typed: ISO ("2026-12-07") or the locale's short form. */
    public void fromTyped(String text) {
        typed(text, fromDate, unreadableFrom);
    }

    public void toTyped(String text) {
        typed(text, toDate, unreadableTo);
    }

    private static void typed(String text, ObjectProperty<LocalDate> date, StringProperty unreadable) {
        String t = text == null ? "" : text.strip();
        try {
            LocalDate d = RelativeTime.parseDate(t);
            unreadable.set("");
            date.set(d);
        } catch (DateTimeParseException e) {
            unreadable.set(t);
            date.set(null);
        }
    }

    public void clearFilters() {
        unreadableFrom.set("");
        unreadableTo.set("");
        application.set(null);
        action.set("");
        actor.set("");
        fromDate.set(null);
        toDate.set(null);
        search();
    }

    /**
     * Names of applications the console no longer lists (deleted ones), from the log itself: an application's
     * create, update and delete records carry its name.
     */
    private void learnNames(List<AuditEvent> events) {
        for (AuditEvent e : events) {
            String d = e.description();
            if (e.applicationId() != null && e.action() != null && e.action().startsWith("application.")
                    && d != null && !d.isBlank() && !applicationNames.containsKey(e.applicationId())) {
                int colon = d.indexOf(": ");
                applicationNames.put(e.applicationId(), colon > 0 ? d.substring(0, colon) : d);
            }
        }
    }

    /**
     * The names of applications the console's list does not hold (it holds the pages loaded so far): asked of the
     * gateway once each; an application deleted since keeps the name its own records gave, or is said deleted.
     */
    private void askNames(List<AuditEvent> events) {
        for (AuditEvent e : events) {
            String id = e.applicationId();
            if (id == null || knownFromList(id) || !asked.add(id)) {
                continue;
            }
            background.call(() -> client.getApplication(id), app -> applicationNames.put(id, app.name()), failure -> {
                if (ErrorMessages.isNotFound(failure)) {
                    applicationNames.putIfAbsent(id, "deleted application");
                }
            });
        }
    }

    private boolean knownFromList(String id) {
        return applications.stream().anyMatch(a -> a.id().equals(id));
    }

    /** Changes whenever a name is learned (the window's cells follow it). */
    public ObservableMap<String, String> applicationNames() {
        return applicationNames;
    }

    /** The application's name for a row ("" when there is none, the id only while its name is unknown). */
    public String applicationName(String id) {
        if (id == null) {
            return "";
        }
        return applicationNames.getOrDefault(id, id);
    }

    public String csv() {
        return AuditCsv.write(List.copyOf(rows), id -> applicationNames.get(id));
    }

    /** Writes the loaded rows to {@code file} in the background. */
    public void exportTo(Path file) {
        String content = csv();
        int count = rows.size();
        busy.set(true);
        Csv.save(background, file, content, f -> {
            busy.set(false);
            info.set("Exported " + count + (count == 1 ? " record to " : " records to ") + f.getFileName());
        }, message -> {
            busy.set(false);
            error.set(message);
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public ObservableList<Application> applications() {
        return applications;
    }

    public ObjectProperty<Application> applicationProperty() {
        return application;
    }

    public StringProperty actionProperty() {
        return action;
    }

    public StringProperty actorProperty() {
        return actor;
    }

    public ObjectProperty<LocalDate> fromDateProperty() {
        return fromDate;
    }

    public ObjectProperty<LocalDate> toDateProperty() {
        return toDate;
    }

    public ObservableList<AuditEvent> rows() {
        return rows;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public StringProperty infoProperty() {
        return info;
    }

    public StringBinding rangeError() {
        return rangeError;
    }

    public StringBinding countText() {
        return countText;
    }

    public BooleanBinding canLoadMore() {
        return canLoadMore;
    }

}
