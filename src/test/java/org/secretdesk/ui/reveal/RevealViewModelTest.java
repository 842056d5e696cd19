package org.secretdesk.ui.reveal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;

class RevealViewModelTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final List<String> copiedSecrets = new ArrayList<>();
    private final List<String> copiedTexts = new ArrayList<>();
    private final SecretValue value = SecretValue.copyOf("sds_secretvalue");
    private final RevealViewModel vm = new RevealViewModel("billing-service",
            new IssuedSecret(new SecretSummary("sec_1", "app_1", "prod rollout", "sds_secr", "sds_secr****", NOW,
                    null, NOW.plusSeconds(90 * 86400L), null, SecretStatus.ACTIVE, null, 1), "sdc_client", value),
            v -> copiedSecrets.add(new String(v.copyChars())), copiedTexts::add,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void doneIsDisabledAndClosingAsksUntilTheSecretIsKept() {
        assertThat(vm.canFinishBinding().get()).isFalse();
        assertThat(vm.closeNeedsConfirmation()).isTrue();
    }

    @Test
    void copyingEnablesDone() {
        vm.copySecret();
        assertThat(copiedSecrets).containsExactly("sds_secretvalue");
        assertThat(vm.canFinishBinding().get()).isTrue();
        assertThat(vm.closeNeedsConfirmation()).isFalse();
    }

    @Test
    void copyingTheClientIdDoesNotCount() {
        vm.copyClientId();
        assertThat(copiedTexts).containsExactly("sdc_client");
        assertThat(copiedSecrets).isEmpty();
        assertThat(vm.canFinishBinding().get()).isFalse();
    }

    @Test
    void savingToAFileEnablesDone() {
        vm.markSaved(Path.of("client-secret.json"));
        assertThat(vm.canFinishBinding().get()).isTrue();
    }

    @Test
    void storedElsewhereEnablesDoneAndUntickingDisablesItAgain() {
        vm.storedElsewhereProperty().set(true);
        assertThat(vm.canFinishBinding().get()).isTrue();
        vm.storedElsewhereProperty().set(false);
        assertThat(vm.canFinishBinding().get()).isFalse();
    }

    @Test
    void wipeZeroesTheSecretAndHidesIt() {
        vm.shownProperty().set(true);
        vm.wipe();
        assertThat(value.isDestroyed()).isTrue();
        assertThat(vm.shownProperty().get()).isFalse();
        assertThat(vm.wipedProperty().get()).isTrue();
        assertThat(vm.closeNeedsConfirmation()).isFalse();
        assertThatThrownBy(vm::copySecret).isInstanceOf(IllegalStateException.class);
        vm.wipe(); // twice is harmless
    }

    @Test
    void graceIsMentionedOnlyWhenTheOldValueKeepsWorking() {
        assertThat(vm.graceText()).isEmpty();
        RevealViewModel renewed = new RevealViewModel("billing-service",
                new IssuedSecret(new SecretSummary("sec_1", "app_1", "prod rollout", "sds_secr", "sds_secr****", NOW,
                        NOW, null, null, SecretStatus.ACTIVE, NOW.plusSeconds(3600), 2), "sdc_client",
                        SecretValue.copyOf("sds_x")), v -> { }, t -> { }, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(renewed.graceText()).startsWith("The previous value keeps working until ").contains("2026");
        assertThat(renewed.expiryText()).isEqualTo("Never expires");
    }

    @Test
    void textsSayWhatTheSpecSays() {
        assertThat(RevealViewModel.TITLE).isEqualTo("Copy your client secret");
        assertThat(RevealViewModel.WARNING).isEqualTo(
                "This is the only time the secret is shown. The gateway keeps only a hash; it cannot be recovered.");
        // Issue 19: "Close without saving?" stood three times in one dialog, and "saving" was the wrong verb.
        assertThat(RevealViewModel.CLOSE_TITLE).isEqualTo("Close without keeping the secret?");
        assertThat(RevealViewModel.CLOSE_QUESTION).doesNotContain("Close without").contains("cannot be shown again");
        assertThat(RevealViewModel.CLOSE_CONFIRM).isEqualTo("Discard the secret");
        assertThat(vm.expiryText()).startsWith("Expires 2027-");
        assertThat(vm.clientId()).isEqualTo("sdc_client");
        assertThat(vm.toString()).doesNotContain("sds_secretvalue");
    }

    @Test
    void aSecretOfAFewHoursShowsTheTimeItExpires() {
        // Issue 19: the reveal of a 2-hour secret showed a date without the time.
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        IssuedSecret issued = new IssuedSecret(new SecretSummary("sec_2", "app_1", "short", "sds_shor", "sds_shor***",
                now, null, now.plus(Duration.ofHours(2)), null, SecretStatus.ACTIVE, null, 1), "sdc_client",
                SecretValue.copyOf("sds_shortlived"));
        RevealViewModel shortLived = new RevealViewModel("billing service", issued, v -> { }, t -> { },
                Clock.fixed(now, ZoneOffset.UTC));
        assertThat(shortLived.expiryText()).isEqualTo("Expires 2026-12-07 12:00 (in 2 h)");
        shortLived.wipe();
    }

    @Test
    void theFileIsNamedAfterTheApplication() {
        // Issue 19: the file was always "client-secret.json", in the working directory.
        assertThat(vm.suggestedFileName(ClientSecretFile.Format.CLIENT_CREDENTIALS))
                .isEqualTo("billing-service.client-secret.json");
        assertThat(vm.suggestedFileName(ClientSecretFile.Format.DATAMINER))
                .isEqualTo("billing-service.dataminer-client-secret.json");
    }
}
