package org.secretdesk.ui.stale;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Page;
import org.secretdesk.model.Problem;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretUsage;
import org.secretdesk.ui.applications.TypedConfirmViewModel;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.UsageLines;
import org.secretdesk.ui.testing.StubGateway;
import org.secretdesk.ui.testing.SyncBackground;

/** Stale secrets without the toolkit: the filters, the typed count, partial failures, the CSV and its escaping. */
class StaleSecretsViewModelTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Capabilities SECRETDESK = new Capabilities(EnumSet.allOf(Feature.class), 10, Map.of());

    private final StubGateway gateway = new StubGateway();
    private final List<Instant> asked = new ArrayList<>();

    private static SecretSummary secret(String id, String app, String description, SecretUsage usage) {
        return new SecretSummary(id, app, description, "sds_Zz9Q", "sds_Zz9Q••••", NOW.minus(Duration.ofDays(90)),
                null, null, usage.lastUsedAt(), SecretStatus.ACTIVE, null, 4, usage, null, null);
    }

    private static final SecretSummary NEVER = secret("sec_never", "app_a", "never used", SecretUsage.NONE);
    private static final SecretSummary OLD = secret("sec_old", "app_b", "=SUM(A1), \"quoted\"\nnext line",
            new SecretUsage(NOW.minus(Duration.ofDays(45)), "10.0.0.9", 0, List.of()));

    private StaleSecretsViewModel vm(Capabilities caps) {
        gateway.on("listUnusedSecrets", args -> {
            asked.add((Instant) args[0]);
            return new Page<>(List.of(NEVER, OLD), null);
        });
        return new StaleSecretsViewModel(new SyncBackground(), gateway.client(), caps,
                id -> id.equals("app_a") ? "billing-service" : "reporting, finance", Clock.fixed(NOW, ZoneOffset.UTC),
                new UsageLines(new RelativeTime(ZoneOffset.UTC)));
    }

    @Test
    void unusedForAsksTheGatewayFromNDaysAgoAndNeverUsedKeepsOnlyTheNeverUsed() {
        StaleSecretsViewModel vm = vm(SECRETDESK);
        vm.daysProperty().set("30");
        vm.load();
        assertThat(asked).containsExactly(NOW.minus(Duration.ofDays(30)));
        assertThat(vm.rows()).extracting(r -> r.secret().id()).containsExactly("sec_never", "sec_old");
        assertThat(vm.lastUsedText(vm.rows().get(0))).isEqualTo("Never used");
        assertThat(vm.lastUsedText(vm.rows().get(1))).isEqualTo("45 days ago");
        assertThat(vm.lastUsedFrom(vm.rows().get(1))).isEqualTo("10.0.0.9");

        vm.filterProperty().set(StaleSecretsViewModel.Filter.NEVER_USED);
        vm.load();
        assertThat(asked).last().isEqualTo(NOW);
        assertThat(vm.rows()).extracting(r -> r.secret().id()).containsExactly("sec_never");
    }

    @Test
    void daysMustBeAWholeNumberInRange() {
        StaleSecretsViewModel vm = vm(SECRETDESK);
        for (String bad : List.of("", "0", "-3", "thirty", "3651", "1.5")) {
            vm.daysProperty().set(bad);
            assertThat(vm.daysError().get()).as(bad).isEqualTo("Type a number of days from 1 to 3650.");
        }
        vm.load();
        assertThat(asked).isEmpty();
        vm.daysProperty().set(" 7 ");
        assertThat(vm.daysError().get()).isNull();
        // "Never used" has no days to get wrong.
        vm.daysProperty().set("x");
        vm.filterProperty().set(StaleSecretsViewModel.Filter.NEVER_USED);
        assertThat(vm.daysError().get()).isNull();
    }

    @Test
    void deletingSeveralNeedsTheirNumberTypedExactly() {
        StaleSecretsViewModel vm = vm(SECRETDESK);
        vm.load();
        assertThat(vm.deleteConfirmation()).isNull();
        vm.select(List.copyOf(vm.rows()));
        assertThat(vm.countText().get()).isEqualTo("2 secrets · 2 selected");
        assertThat(vm.deleteWarning()).startsWith("This cannot be undone: 2 secrets of 2 applications");

        TypedConfirmViewModel confirm = vm.deleteConfirmation();
        assertThat(confirm.expected()).isEqualTo("2");
        for (String wrong : List.of("", "two", " 2", "2 ", "02", "3")) {
            confirm.typedProperty().set(wrong);
            assertThat(confirm.canConfirmBinding().get()).as(wrong).isFalse();
        }
        List<String> deleted = new ArrayList<>();
        gateway.on("deleteSecret", args -> {
            deleted.add(args[0] + "/" + args[1] + "@" + args[2]);
            return null;
        });
        vm.deleteSelected(confirm, () -> { });
        assertThat(deleted).isEmpty();

        confirm.typedProperty().set("2");
        int[] done = {0};
        vm.deleteSelected(confirm, () -> done[0]++);
        assertThat(deleted).containsExactly("app_a/sec_never@4", "app_b/sec_old@4");
        assertThat(done[0]).isEqualTo(1);
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.infoProperty().get()).isEqualTo("Deleted 2 secrets.");
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    @Test
    void aSecretThatCannotBeDeletedStaysAndIsNamedWithTheReason() {
        StaleSecretsViewModel vm = vm(SECRETDESK);
        vm.load();
        vm.select(List.copyOf(vm.rows()));
        gateway.on("deleteSecret", args -> {
            if (args[1].equals("sec_old")) {
                throw GatewayException.http(new Problem(Problem.TYPE, "Precondition Failed", 412, "stale", null,
                        null));
            }
            return null;
        });
        TypedConfirmViewModel confirm = vm.deleteConfirmation();
        confirm.typedProperty().set("2");
        vm.deleteSelected(confirm, () -> { });

        assertThat(vm.rows()).extracting(r -> r.secret().id()).containsExactly("sec_old");
        assertThat(vm.selected()).extracting(r -> r.secret().id()).containsExactly("sec_old");
        assertThat(vm.infoProperty().get()).isEqualTo("Deleted 1 secret.");
        assertThat(vm.errorProperty().get()).startsWith("Not deleted (1 of 2): reporting, finance / =SUM(A1)")
                .contains("changed by someone else");
    }

    @Test
    void theCsvHasNoValueNorHintAndEscapesCommasQuotesLineBreaksAndFormulas(@TempDir Path dir) throws Exception {
        StaleSecretsViewModel vm = vm(SECRETDESK);
        vm.load();
        String csv = vm.csv();

        assertThat(csv.split("\r\n", -1)).containsExactly(
                "application,applicationId,secretId,description,created,expires,lastUsedAt,lastUsedFrom,uses24h",
                "billing-service,app_a,sec_never,never used,2026-09-08T12:00:00Z,,,,0",
                "\"reporting, finance\",app_b,sec_old,\"'=SUM(A1), \"\"quoted\"\"\nnext line\",2026-09-08T12:00:00Z,,"
                        + "2026-10-23T12:00:00Z,10.0.0.9,0",
                "");
        assertThat(csv).doesNotContain("sds_");

        Path file = dir.resolve("stale.csv");
        vm.exportTo(file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(csv);
        assertThat(vm.infoProperty().get()).isEqualTo("Exported 2 secrets to stale.csv");
        vm.exportTo(dir.resolve("missing-folder/stale.csv"));
        assertThat(vm.errorProperty().get()).startsWith("Could not write stale.csv: ");
    }

    @Test
    void aBackendWithoutUsageDataSaysSoAndAsksNothing() {
        StaleSecretsViewModel vm = vm(new Capabilities(EnumSet.of(Feature.RENEW), 0, Map.of(Feature.USAGE,
                "Gravitee AM does not record when or from where a client secret is used.")));
        assertThat(vm.unavailable()).startsWith("Gravitee AM does not record");
        vm.load();
        assertThat(asked).isEmpty();
        assertThat(vm.errorProperty().get()).startsWith("Gravitee AM does not record");
    }
}
