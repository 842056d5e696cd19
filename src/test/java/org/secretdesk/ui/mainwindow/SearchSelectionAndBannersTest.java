package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Application;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.ui.common.Banner;

/** Operator findings of issue 19 that the main window's ViewModel answers: search, selection, banners, Ctrl+N. */
class SearchSelectionAndBannersTest {

    private final WindowFixture w = new WindowFixture();

    @Test
    void theSearchFindsASecretsDescriptionInAnApplicationNeverOpened() {
        // Issue 19: the box promises secrets, but only the secrets of applications opened before were searched.
        w.gateway.addApplication("a1", "billing", "", 1, null, 0);
        w.gateway.addSecret("a1", "s1", "prod rollout", null, null);
        w.gateway.addApplication("a2", "reporting", "", 1, null, 0);
        w.gateway.addSecret("a2", "s2", "nightly export", null, null);
        w.connect();

        w.vm.applications().searchTextProperty().set("nightly");
        w.background.advance(SecretSearch.SETTLE);

        assertThat(w.vm.applications().visible()).extracting(Application::name).containsExactly("reporting");
        assertThat(w.vm.search().pendingProperty().get()).isZero();
        w.vm.applications().select(w.app("reporting"));
        assertThat(w.vm.secrets().visible()).extracting(SecretSummary::description).containsExactly("nightly export");
    }

    @Test
    void theApplicationSelectedLastIsSelectedAgainOnceLoaded() {
        // Issue 19: after a restart the selected application was not restored.
        w.gateway.addApplication("a1", "billing", "", 1, null, 0);
        w.gateway.addApplication("a2", "reporting", "", 1, null, 0);
        w.vm.applications().restoreSelection("a2");
        w.connect();
        assertThat(w.vm.applications().selectedProperty().get().id()).isEqualTo("a2");
    }

    @Test
    void aFailureBannerGoesAwayOnceALaterCallSucceeds() {
        // Issue 19: error banners stayed after the problem was gone.
        w.gateway.addApplication("a1", "billing", "", 1, null, 0);
        w.connect();
        w.gateway.nextGetFailure = GatewayException.http(Problem.of(ProblemCode.INTERNAL, "busy"));
        w.gateway.emit(new GatewayEvent("secret.created", "a1", "s1", 1L));
        w.background.advance(LiveUpdates.EVENT_DEBOUNCE);
        assertThat(w.vm.connection().bannerProperty().get().title()).isEqualTo("Local gateway had an internal error");

        w.gateway.emit(new GatewayEvent("secret.created", "a1", "s2", 2L));
        w.background.advance(LiveUpdates.EVENT_DEBOUNCE);
        assertThat(w.vm.connection().bannerProperty().get()).isNull();
    }

    @Test
    void aNoticeStaysUntilDismissed() {
        w.gateway.addApplication("a1", "billing", "", 1, null, 0);
        w.connect();
        w.vm.connection().showNotice(new Banner(Banner.Severity.WARNING, "Preferences reset", "why", false));
        w.vm.refresh();
        assertThat(w.vm.connection().bannerProperty().get().title()).isEqualTo("Preferences reset");
    }

    @Test
    void ctrlNAtTheSecretLimitSaysWhy() {
        // Issue 19: Ctrl+N did nothing at the 10-secret limit.
        w.gateway.addApplication("a1", "billing", "", 10, null, 0);
        for (int i = 0; i < 10; i++) {
            w.gateway.addSecret("a1", "s" + i, "secret " + i, null, null);
        }
        w.connect();
        w.vm.applications().select(w.app("billing"));
        MainWindowViewTest.RecordingWorkflows workflows = new MainWindowViewTest.RecordingWorkflows();
        MainWindowActions actions = new MainWindowActions(w.vm, workflows, Windows.NONE, () -> null);

        actions.newSecret();

        assertThat(workflows.calls).isEmpty();
        Banner b = w.vm.connection().bannerProperty().get();
        assertThat(b.title()).isEqualTo("No new secret for “billing”");
        assertThat(b.message()).isEqualTo("This application already has 10 of 10 secrets. Delete one before "
                + "creating another.");
    }

    @Test
    void theHeaderNamesTheConnectionBeingOpenedBeforeItIsOpen() {
        // Issue 19: after a restart the header said "Local gateway" while asking for another connection's key.
        w.vm.connection().announce(new ConnectionInfo("Production", "SecretDesk gateway", "https://prod", "", null));
        assertThat(w.vm.connection().infoProperty().get().name()).isEqualTo("Production");
        assertThat(w.vm.connection().stateProperty().get()).isEqualTo(ConnectionState.CONNECTING);
    }

    @Test
    void aRenewedSecretsGraceShowsWhenItEnds() {
        // Issue 19: the table's "Active · old value …" was cut off, with no end time anywhere after the reveal.
        java.time.Instant now = WindowFixture.NOW;
        SecretSummary today = new SecretSummary("s1", "a1", "prod", "sds_s1", null, now, now, null, null,
                org.secretdesk.model.SecretStatus.ACTIVE, now.plus(java.time.Duration.ofHours(1)), 2);
        SecretSummary later = new SecretSummary("s2", "a1", "ci", "sds_s2", null, now, now, null, null,
                org.secretdesk.model.SecretStatus.ACTIVE, now.plus(java.time.Duration.ofDays(7)), 2);
        assertThat(w.vm.clock().statusChipText(today)).isEqualTo("Grace until 11:00");
        assertThat(w.vm.clock().statusChipText(later)).isEqualTo("Grace until 2026-11-30");
        assertThat(w.vm.clock().statusTooltip(later)).contains("keeps working until 2026-11-30 10:00 (in 7 days)");
        // "••••" everywhere, whatever the backend's own redaction looked like (issue 19: "****" here, "•••" there).
        assertThat(w.vm.clock().redactedText(today)).isEqualTo("sds_s1" + org.secretdesk.ui.common.Redacted.DOTS);
        SecretSummary dataMiner = new SecretSummary("x", "a1", "Cube", null, "abcd********", now, null, null, null,
                org.secretdesk.model.SecretStatus.ACTIVE, null, 1);
        assertThat(w.vm.clock().redactedText(dataMiner)).isEqualTo("abcd" + org.secretdesk.ui.common.Redacted.DOTS);
    }
}
