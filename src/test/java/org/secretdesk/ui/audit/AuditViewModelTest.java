package org.secretdesk.ui.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.AuditQuery;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Application;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.Page;
import org.secretdesk.model.Problem;
import org.secretdesk.ui.testing.StubGateway;
import org.secretdesk.ui.testing.SyncBackground;

/** Audit filters, paging through the cursor, and the CSV export, without the toolkit. */
class AuditViewModelTest {

    private static final Instant T = Instant.parse("2026-11-20T09:30:00Z");

    private final List<AuditQuery> queries = new ArrayList<>();
    private final StubGateway stub = new StubGateway().on("listAudit", a -> {
        AuditQuery q = (AuditQuery) a[0];
        queries.add(q);
        if (q.cursor() == null) {
            return new Page<>(List.of(event("e1", "secret.create", "prod rollout")), "c2");
        }
        return new Page<>(List.of(event("e2", "secret.renew", "say \"hi\", then\nleave")), null);
    });

    private static AuditEvent event(String id, String action, String description) {
        return new AuditEvent(id, T, "admin", action, "a1", "s1", description, "success", "127.0.0.1");
    }

    private AuditViewModel vm() {
        Application app = new Application("a1", "billing", "", "sdc_a1", List.of(), T, T, 1,
                ExpiryPolicy.FOLLOW_DOMAIN, 1, null, 0);
        return new AuditViewModel(new SyncBackground(), stub.client(), List.of(app), ZoneOffset.UTC);
    }

    @Test
    void filtersBecomeTheQueryAndLoadMoreFollowsTheCursor() {
        AuditViewModel vm = vm();
        vm.applicationProperty().set(vm.applications().getFirst());
        vm.actionProperty().set("secret.create");
        vm.actorProperty().set("  admin ");
        vm.fromDateProperty().set(LocalDate.of(2026, 11, 20));
        vm.toDateProperty().set(LocalDate.of(2026, 11, 21));
        vm.search();

        AuditQuery q = queries.getFirst();
        assertThat(q.applicationId()).isEqualTo("a1");
        assertThat(q.action()).isEqualTo("secret.create");
        assertThat(q.actor()).isEqualTo("admin");
        assertThat(q.from()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(q.to()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z")); // the whole end day
        assertThat(vm.rows()).hasSize(1);
        assertThat(vm.canLoadMore().get()).isTrue();
        assertThat(vm.countText().get()).isEqualTo("1 record loaded · more available");

        vm.loadMore();
        assertThat(queries.get(1).cursor()).isEqualTo("c2");
        assertThat(queries.get(1).action()).isEqualTo("secret.create");
        assertThat(vm.rows()).extracting(AuditEvent::id).containsExactly("e1", "e2");
        assertThat(vm.canLoadMore().get()).isFalse();

        vm.clearFilters();
        assertThat(queries.getLast()).isEqualTo(AuditQuery.all(AuditViewModel.PAGE_SIZE));
    }

    @Test
    void anEndDateBeforeTheStartIsRefused() {
        AuditViewModel vm = vm();
        vm.fromDateProperty().set(LocalDate.of(2026, 11, 20));
        vm.toDateProperty().set(LocalDate.of(2026, 11, 19));
        assertThat(vm.rangeError().get()).isEqualTo("The end date is before the start date.");
        vm.search();
        assertThat(queries).isEmpty();
    }

    @Test
    void datesTypedAsIsoFilterAndTextThatIsNoDateIsSaid() {
        // Issue 19: a date typed as 2026-12-07 was silently dropped (only the locale's 12/7/2026 was read).
        AuditViewModel vm = vm();
        vm.fromTyped("2026-11-20");
        vm.toTyped(" 2026-11-21 ");
        vm.search();
        assertThat(queries.getLast().from()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(queries.getLast().to()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));

        vm.toTyped("next friday");
        assertThat(vm.rangeError().get()).isEqualTo("“next friday” is not a date: type it as YYYY-MM-DD.");
        int asked = queries.size();
        vm.search();
        assertThat(queries).hasSize(asked);
        vm.toTyped("");
        assertThat(vm.rangeError().get()).isNull();
        assertThat(vm.toDateProperty().get()).isNull();
    }

    @Test
    void csvQuotesWhatNeedsQuotingAndNamesTheApplication(@TempDir Path dir) throws Exception {
        AuditViewModel vm = vm();
        vm.search();
        vm.loadMore();
        String csv = vm.csv();
        assertThat(csv).isEqualTo(
                "time,actor,action,application,applicationId,secretId,description,outcome,remoteAddress\r\n"
                + "2026-11-20T09:30:00Z,admin,secret.create,billing,a1,s1,prod rollout,success,127.0.0.1\r\n"
                + "2026-11-20T09:30:00Z,admin,secret.renew,billing,a1,s1,\"say \"\"hi\"\", then\nleave\","
                + "success,127.0.0.1\r\n");
        Path file = dir.resolve("audit.csv");
        vm.exportTo(file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(csv);
        assertThat(vm.infoProperty().get()).isEqualTo("Exported 2 records to audit.csv");
    }

    @Test
    void spreadsheetFormulasAreDefused() {
        assertThat(AuditCsv.field("=cmd()")).isEqualTo("\"'=cmd()\"");
        assertThat(AuditCsv.field("plain")).isEqualTo("plain");
        assertThat(AuditCsv.field("")).isEqualTo("");
    }

    @Test
    void aDeletedApplicationIsNamedFromTheLogItself() {
        // Issue 19: the audit window showed app_… ids instead of names (for applications no longer listed).
        StubGateway deleted = new StubGateway().on("listAudit", a -> new Page<>(List.of(
                new AuditEvent("e3", T, "admin", "secret.delete", "app_gone", "s9", "prod", "success", "127.0.0.1"),
                new AuditEvent("e2", T, "admin", "application.update", "app_gone", null,
                        "old-service: role 'writer' removed", "success", "127.0.0.1"),
                new AuditEvent("e1", T, "admin", "application.create", "app_gone", null, "old-service", "success",
                        "127.0.0.1")), null));
        AuditViewModel vm = new AuditViewModel(new SyncBackground(), deleted.client(), List.of(), ZoneOffset.UTC);
        vm.search();
        assertThat(vm.applicationName("app_gone")).isEqualTo("old-service");
    }

    @Test
    void anApplicationTheListHasNotLoadedIsNamedByTheGatewayOnce() {
        // Issue 19: the console's list holds the pages loaded so far; the audit window showed app_… ids for the rest.
        List<String> asked = new ArrayList<>();
        StubGateway gateway = new StubGateway().on("listAudit", a -> new Page<>(List.of(
                new AuditEvent("e1", T, "admin", "secret.renew", "app_far", "s1", "prod", "SUCCESS", "127.0.0.1"),
                new AuditEvent("e2", T, "admin", "secret.create", "app_far", "s1", "prod", "SUCCESS", "127.0.0.1"),
                new AuditEvent("e3", T, "admin", "secret.delete", "app_gone", "s2", "x", "SUCCESS", "127.0.0.1"),
                new AuditEvent("e4", T, "admin", "secret.create", "a1", "s3", "y", "SUCCESS", "127.0.0.1")), null))
                .on("getApplication", a -> {
                    String id = (String) a[0];
                    asked.add(id);
                    if (id.equals("app_gone")) {
                        throw GatewayException.http(new Problem(Problem.TYPE, "Not found", 404, "No such application",
                                "application.not_found", null));
                    }
                    return new Application(id, "far-service", "", "sdc_far", List.of(), T, T, 1,
                            ExpiryPolicy.FOLLOW_DOMAIN, 1, null, 0);
                });
        Application listed = new Application("a1", "billing", "", "sdc_a1", List.of(), T, T, 1,
                ExpiryPolicy.FOLLOW_DOMAIN, 1, null, 0);
        AuditViewModel vm = new AuditViewModel(new SyncBackground(), gateway.client(), List.of(listed),
                ZoneOffset.UTC);
        vm.search();
        vm.search();

        assertThat(vm.applicationName("app_far")).isEqualTo("far-service");
        assertThat(vm.applicationName("app_gone")).isEqualTo("deleted application");
        assertThat(vm.applicationName("a1")).isEqualTo("billing");
        assertThat(asked).containsExactly("app_far", "app_gone");
    }
}
