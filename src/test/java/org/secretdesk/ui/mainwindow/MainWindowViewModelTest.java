package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javafx.beans.property.SimpleIntegerProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Application;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.ui.common.Banner;
import org.secretdesk.ui.common.ErrorMessages;
import org.secretdesk.ui.common.RelativeTime;

/** The main window's rules, without the JavaFX toolkit. */
class MainWindowViewModelTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private MutableClock clock;
    private ManualBackground background;
    private FakeGatewayClient gateway;
    private SimpleIntegerProperty clipboardSeconds;
    private MainWindowViewModel vm;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(NOW);
        background = new ManualBackground(clock);
        gateway = new FakeGatewayClient(NOW.minus(Duration.ofDays(40)));
        clipboardSeconds = new SimpleIntegerProperty(0);
        vm = new MainWindowViewModel(background, clock, new RelativeTime(ZoneOffset.UTC), clipboardSeconds);
    }

    private void connect() {
        vm.connect(gateway, new ConnectionInfo("Local gateway", "SecretDesk gateway (embedded)",
                "https://127.0.0.1:1234", "OS keychain", null));
    }

    private Application app(String name) {
        return vm.applications().visible().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void loadsEveryPageAndSortsByName() {
        for (int i = 0; i < 2500; i++) {
            gateway.addApplication("a" + i, String.format("svc-%04d", 2499 - i), "", 1, null, 0);
        }
        connect();

        assertThat(vm.applications().visible()).hasSize(2500);
        assertThat(gateway.listApplicationCalls).isEqualTo(4); // 100 first, then pages of 1000
        assertThat(vm.applications().visible().getFirst().name()).isEqualTo("svc-0000");
        assertThat(vm.applications().visible().getLast().name()).isEqualTo("svc-2499");
        assertThat(vm.connection().stateProperty().get()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(vm.applications().title().get()).isEqualTo("Applications (2500)");
    }

    @Test
    void keepsTheCaseInsensitiveNameOrderWhateverOrderPagesAndSingleChangesArriveIn() {
        // A database's binary order pages "Svc-…" before every "svc-…"; the list interleaves them.
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            names.add((i % 2 == 0 ? "Svc-" : "svc-") + String.format("%04d", i));
        }
        names.sort(Comparator.naturalOrder());
        for (int i = 0; i < names.size(); i++) {
            gateway.addApplication("a" + i, names.get(i), "", 1, null, 0);
        }
        connect();

        assertThat(vm.applications().visible()).hasSize(1200).isSortedAccordingTo(ApplicationsViewModel.BY_NAME);
        assertThat(vm.applications().visible().get(1).name()).isEqualTo("svc-0001");
        // Added elsewhere (an event): in its place, not at the end.
        vm.putApplication(gateway.addApplication("late", "svc-0001a", "", 2, null, 0));
        assertThat(vm.applications().visible().get(2).name()).isEqualTo("svc-0001a");
        // Changed (same name): stays where it is, with the new values.
        vm.putApplication(gateway.addApplication("late", "svc-0001a", "now described", 3, null, 0));
        assertThat(vm.applications().visible().get(2).secretCount()).isEqualTo(3);
        assertThat(vm.applications().visible()).hasSize(1201).isSortedAccordingTo(ApplicationsViewModel.BY_NAME);
        // A refresh that finds the same applications in another order changes nothing visible.
        vm.refresh();
        assertThat(vm.applications().visible()).hasSize(1201).isSortedAccordingTo(ApplicationsViewModel.BY_NAME);
    }

    @Test
    void searchMatchesNameDescriptionAndClientIdCaseInsensitively() {
        gateway.addApplication("a1", "billing-service", "Invoices", 1, null, 0);
        gateway.addApplication("a2", "ingest-worker", "Reads the QUEUE", 1, null, 0);
        gateway.addApplication("a3", "reporting", "", 1, null, 0);
        connect();

        vm.applications().searchTextProperty().set("BILL");
        assertThat(vm.applications().visible()).extracting(Application::name).containsExactly("billing-service");
        vm.applications().searchTextProperty().set("queue");
        assertThat(vm.applications().visible()).extracting(Application::name).containsExactly("ingest-worker");
        vm.applications().searchTextProperty().set("sdc_a3");
        assertThat(vm.applications().visible()).extracting(Application::name).containsExactly("reporting");
        assertThat(vm.applications().title().get()).isEqualTo("Applications (1 of 3)");
        vm.applications().searchTextProperty().set("");
        assertThat(vm.applications().visible()).hasSize(3);
    }

    @Test
    void searchAlsoMatchesDescriptionsAndHintsOfLoadedSecretsAndFiltersTheTable() {
        gateway.addApplication("a1", "billing-service", "", 2, null, 0);
        gateway.addApplication("a2", "reporting", "", 0, null, 0);
        gateway.addSecret("a1", "s1", "prod rollout", null, null);
        gateway.addSecret("a1", "s2", "staging", null, null);
        connect();
        vm.applications().select(app("billing-service"));

        vm.applications().searchTextProperty().set("rollout");

        assertThat(vm.applications().visible()).extracting(Application::name).containsExactly("billing-service");
        assertThat(vm.secrets().visible()).extracting(SecretSummary::description).containsExactly("prod rollout");
        vm.applications().searchTextProperty().set("billing");
        assertThat(vm.secrets().visible()).hasSize(2); // the application itself matches: all its secrets
    }

    @Test
    void emptyAndNoMatchStates() {
        connect();
        assertThat(vm.applications().stateProperty().get()).isEqualTo(ApplicationsViewModel.ListState.EMPTY);

        gateway.addApplication("a1", "billing-service", "", 0, null, 0);
        vm.refresh();
        assertThat(vm.applications().stateProperty().get()).isEqualTo(ApplicationsViewModel.ListState.ROWS);
        vm.applications().searchTextProperty().set("zzz");
        assertThat(vm.applications().stateProperty().get()).isEqualTo(ApplicationsViewModel.ListState.NO_MATCHES);
        assertThat(vm.applications().noMatchesText()).isEqualTo("No matches for “zzz”");

        vm.applications().searchTextProperty().set("");
        vm.applications().select(app("billing-service"));
        assertThat(vm.secrets().stateProperty().get()).isEqualTo(ApplicationsViewModel.ListState.EMPTY);
    }

    @Test
    void markersFollowTheLargestNotificationThreshold() {
        gateway.addApplication("a1", "expired", "", 1, NOW.minus(Duration.ofHours(1)), 1);
        gateway.addApplication("a2", "soon", "", 1, NOW.plus(Duration.ofDays(19)), 0);
        gateway.addApplication("a3", "later", "", 1, NOW.plus(Duration.ofDays(21)), 0);
        gateway.addApplication("a4", "never", "", 1, null, 0);
        connect();

        assertThat(vm.clock().markerFor(app("expired"))).isEqualTo(Marker.EXPIRED);
        assertThat(vm.clock().markerFor(app("soon"))).isEqualTo(Marker.EXPIRING);
        assertThat(vm.clock().markerFor(app("later"))).isEqualTo(Marker.NONE);
        assertThat(vm.clock().markerFor(app("never"))).isEqualTo(Marker.NONE);

        gateway.policy = new org.secretdesk.model.DomainSecretPolicy(true, Duration.ofDays(90),
                java.util.List.of(Duration.ofDays(5)), 10);
        vm.refresh();
        assertThat(vm.clock().markerFor(app("soon"))).isEqualTo(Marker.NONE);
    }

    @Test
    void secretTimesReadAsRelativeText() {
        gateway.addApplication("a1", "billing-service", "", 3, null, 0);
        SecretSummary soon = gateway.addSecret("a1", "s1", "prod", NOW.plus(Duration.ofDays(4)).plusSeconds(30),
                NOW.minus(Duration.ofMinutes(2)));
        SecretSummary never = gateway.addSecret("a1", "s2", "staging", null, null);
        SecretSummary gone = gateway.addSecret("a1", "s3", "old", NOW.minus(Duration.ofDays(2)), null);
        connect();

        assertThat(vm.clock().expiresText(soon)).isEqualTo("in 4 days");
        assertThat(vm.clock().lastUsedText(soon)).isEqualTo("2 min ago");
        assertThat(vm.clock().expiresText(never)).isEqualTo("never");
        assertThat(vm.clock().lastUsedText(never)).isEqualTo("—");
        assertThat(vm.clock().expiresText(gone)).isEqualTo("expired 2 days ago");
        assertThat(vm.clock().markerFor(soon)).isEqualTo(Marker.EXPIRING);
        assertThat(vm.clock().markerFor(never)).isEqualTo(Marker.NONE);
        assertThat(vm.clock().markerFor(gone)).isEqualTo(Marker.EXPIRED);
        assertThat(vm.clock().statusChipText(gone)).isEqualTo("Expired");
        assertThat(vm.clock().statusChipText(never)).isEqualTo("Active");
    }

    @Test
    void buttonsFollowSelectionAndTheSecretLimit() {
        gateway.addApplication("a1", "full", "", 10, null, 0);
        gateway.addApplication("a2", "roomy", "", 1, null, 0);
        for (int i = 0; i < 10; i++) {
            gateway.addSecret("a1", "f" + i, "secret " + i, null, null);
        }
        SecretSummary only = gateway.addSecret("a2", "r1", "only", null, null);
        connect();

        assertThat(vm.rules().canNewSecret().get()).isFalse();
        assertThat(vm.rules().newSecretBlockedReason().get()).isEqualTo("Select an application first.");
        assertThat(vm.rules().canRenew().get()).isFalse();
        assertThat(vm.rules().canDeleteSecret().get()).isFalse();
        assertThat(vm.features().canCreateApplication().get()).isTrue();

        vm.applications().select(app("full"));
        assertThat(vm.rules().canNewSecret().get()).isFalse();
        assertThat(vm.rules().newSecretBlockedReason().get()).contains("10 of 10");
        assertThat(vm.rules().secretCountText().get()).isEqualTo("10 of 10 secrets");

        vm.applications().select(app("roomy"));
        assertThat(vm.rules().canNewSecret().get()).isTrue();
        assertThat(vm.rules().secretCountText().get()).isEqualTo("1 of 10 secrets");
        assertThat(vm.rules().canRenew().get()).isFalse();
        vm.secrets().select(only);
        assertThat(vm.rules().canRenew().get()).isTrue();
        assertThat(vm.rules().canDeleteSecret().get()).isTrue();
        assertThat(vm.rules().canCopySecretId().get()).isTrue();
    }

    @Test
    void secretsAreCachedBrieflyPerApplication() {
        gateway.addApplication("a1", "one", "", 1, null, 0);
        gateway.addApplication("a2", "two", "", 1, null, 0);
        gateway.addSecret("a1", "s1", "x", null, null);
        connect();
        vm.applications().select(app("one"));
        vm.applications().select(app("two"));
        vm.applications().select(app("one"));
        assertThat(gateway.listSecretCalls).isEqualTo(2);

        clock.advance(SecretCache.TTL.plusSeconds(1));
        vm.applications().select(app("two"));
        vm.applications().select(app("one"));
        assertThat(gateway.listSecretCalls).isEqualTo(4);
    }

    @Test
    void statusBarSaysStateCountsAndAge() {
        gateway.addApplication("a1", "one", "", 2, null, 0);
        gateway.addApplication("a2", "two", "", 3, null, 0);
        connect();
        clock.advance(Duration.ofSeconds(5));
        vm.clock().tick();

        // Following live events: nothing is older than the last event, so no age is shown (issue 19).
        assertThat(vm.status().statusText().get()).isEqualTo("Connected · 2 applications · 5 secrets · live");
        assertThat(vm.status().clipboardText().get()).isEmpty();
        clipboardSeconds.set(24);
        assertThat(vm.status().clipboardText().get()).isEqualTo("Clipboard clears in 24 s");
    }

    @Test
    void eventsAreDebouncedAndReloadOnlyTheAffectedApplication() {
        gateway.addApplication("a1", "one", "", 1, null, 0);
        gateway.addApplication("a2", "two", "", 1, null, 0);
        connect();
        int fullLoads = gateway.listApplicationCalls;

        gateway.addApplication("a2", "two", "", 2, null, 0);
        gateway.emit(new GatewayEvent("secret.created", "a2", "s9", 1L));
        gateway.emit(new GatewayEvent("secret.created", "a2", "s10", 1L));
        assertThat(app("two").secretCount()).isEqualTo(1); // not yet: debouncing

        background.advance(LiveUpdates.EVENT_DEBOUNCE);
        assertThat(app("two").secretCount()).isEqualTo(2);
        assertThat(gateway.listApplicationCalls).isEqualTo(fullLoads);

        gateway.addApplication("a3", "three", "", 0, null, 0);
        gateway.emit(new GatewayEvent("application.created", "a3", null, 1L));
        gateway.applications.remove("a1");
        gateway.emit(new GatewayEvent("application.deleted", "a1", null, 2L));
        background.advance(LiveUpdates.EVENT_DEBOUNCE);
        assertThat(vm.applications().visible()).extracting(Application::name).containsExactly("three", "two");
    }

    @Test
    void aBrokenStreamReconnectsWithGrowingBackoffAndRecovers() {
        gateway.addApplication("a1", "one", "", 1, null, 0);
        connect();
        assertThat(gateway.subscriptions).isEqualTo(1);

        gateway.offline = true;
        gateway.breakStream();
        assertThat(vm.connection().stateProperty().get()).isEqualTo(ConnectionState.RECONNECTING);
        assertThat(vm.connection().bannerProperty().get()).isNotNull();
        assertThat(vm.status().statusText().get()).startsWith("Reconnecting…");
        assertThat(background.pendingDelaysMillis()).containsExactly(1000L);

        background.advance(Duration.ofSeconds(1));
        assertThat(vm.connection().bannerProperty().get().title()).isEqualTo("Cannot reach Local gateway");
        assertThat(vm.connection().bannerProperty().get().retry()).isTrue();
        assertThat(background.pendingDelaysMillis()).containsExactly(2000L);
        background.advance(Duration.ofSeconds(2));
        assertThat(background.pendingDelaysMillis()).containsExactly(4000L);

        gateway.offline = false;
        gateway.addApplication("a2", "two", "", 0, null, 0);
        background.advance(Duration.ofSeconds(4));
        assertThat(vm.connection().stateProperty().get()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(vm.connection().bannerProperty().get()).isNull();
        assertThat(vm.applications().visible()).hasSize(2);
        assertThat(gateway.subscriptions).isEqualTo(2);
        assertThat(background.pendingDelaysMillis()).isEmpty();
    }

    @Test
    void retryReconnectsAtOnce() {
        gateway.addApplication("a1", "one", "", 1, null, 0);
        connect();
        gateway.offline = true;
        gateway.breakStream();
        background.advance(Duration.ofSeconds(1));
        assertThat(vm.connection().stateProperty().get()).isEqualTo(ConnectionState.RECONNECTING);

        gateway.offline = false;
        vm.retry();
        assertThat(vm.connection().stateProperty().get()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(vm.connection().bannerProperty().get()).isNull();
    }

    @Test
    void aFirstLoadThatFailsShowsTheBannerAndKeepsTrying() {
        gateway.offline = true;
        connect();
        assertThat(vm.connection().bannerProperty().get().severity()).isEqualTo(Banner.Severity.DANGER);
        assertThat(vm.connection().stateProperty().get()).isEqualTo(ConnectionState.RECONNECTING);

        gateway.offline = false;
        gateway.addApplication("a1", "one", "", 1, null, 0);
        background.advance(Duration.ofSeconds(1));
        assertThat(vm.connection().stateProperty().get()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(vm.applications().visible()).hasSize(1);
    }

    @Test
    void aConflictSaysSomeoneElseChangedItAndReloads() {
        gateway.addApplication("a1", "one", "", 1, null, 0);
        connect();
        int loads = gateway.listApplicationCalls;
        gateway.addApplication("a1", "one", "", 2, null, 0);

        vm.reportError(GatewayException.http(Problem.of(ProblemCode.PRECONDITION_FAILED, "stale")));

        assertThat(vm.connection().bannerProperty().get().title()).isEqualTo("Changed by someone else");
        assertThat(gateway.listApplicationCalls).isGreaterThan(loads);
        assertThat(app("one").secretCount()).isEqualTo(2);
    }

    @Test
    void unauthorisedAndServerErrorsExplainWhatToDo() {
        Banner unauthorised = ErrorMessages.bannerFor(GatewayException.http(
                Problem.of(ProblemCode.AUTH_INVALID_API_KEY, "bad key")), "Local gateway");
        assertThat(unauthorised.title()).contains("rejected the admin key");
        assertThat(unauthorised.message()).contains("Check the connection's credentials");
        Banner forbidden = ErrorMessages.bannerFor(GatewayException.http(
                Problem.of(ProblemCode.AUTH_FORBIDDEN, "viewer")), "Local gateway");
        assertThat(forbidden.message()).contains("write access");
        Banner internal = ErrorMessages.bannerFor(GatewayException.http(
                Problem.of(ProblemCode.INTERNAL, "request 42")), "Local gateway");
        assertThat(internal.title()).isEqualTo("Local gateway had an internal error");
        assertThat(internal.retry()).isTrue();
        Banner timeout = ErrorMessages.bannerFor(new GatewayException(GatewayException.Kind.TIMEOUT, "timeout",
                null, null), "Local gateway");
        assertThat(timeout.title()).contains("does not answer in time");
    }

    @Test
    void selectionSurvivesAReloadAndFollowsDeletion() {
        gateway.addApplication("a1", "one", "", 1, null, 0);
        gateway.addApplication("a2", "two", "", 1, null, 0);
        connect();
        vm.applications().select(app("two"));
        vm.refresh();
        assertThat(vm.applications().selectedProperty().get().id()).isEqualTo("a2");

        gateway.applications.remove("a2");
        vm.refresh();
        assertThat(vm.applications().selectedProperty().get()).isNull();
    }

    @Test
    void expiryPolicyTextNamesTheSource() {
        gateway.addApplication("a1", "one", "", 1, null, 0);
        connect();
        vm.applications().select(app("one"));
        assertThat(vm.rules().expiryPolicyText().get()).isEqualTo("Expiry: gateway policy (90 days)");
    }

    @Test
    void aSecretThatExpiresWhileTheWindowIsOpenTurnsExpiredAtThatInstant() {
        Instant expiry = NOW.plusSeconds(100);
        gateway.addApplication("a1", "one", "", 1, expiry, 0);
        gateway.addSecret("a1", "s1", "prod", expiry, null);
        connect();
        vm.applications().select(app("one"));
        SecretSummary s = vm.secrets().visible().getFirst();
        int revision = vm.clock().revisionProperty().get();

        assertThat(vm.clock().statusChipText(s)).isEqualTo("Active");
        assertThat(vm.clock().markerFor(app("one"))).isEqualTo(Marker.EXPIRING);
        clock.advance(Duration.ofSeconds(50));
        vm.clock().tick();
        assertThat(vm.clock().expiresText(s)).isEqualTo("in under a minute");

        // No reload from the gateway: the clock alone makes it expired, and the View is told to redraw.
        clock.setMillis(expiry.toEpochMilli());
        int before = vm.clock().revisionProperty().get();
        vm.clock().tick();
        assertThat(vm.clock().revisionProperty().get()).isGreaterThan(before).isGreaterThan(revision);
        assertThat(vm.clock().statusChipText(s)).isEqualTo("Expired");
        assertThat(vm.clock().markerFor(s)).isEqualTo(Marker.EXPIRED);
        assertThat(vm.clock().markerFor(app("one"))).isEqualTo(Marker.EXPIRED);

        clock.advance(Duration.ofMinutes(5));
        vm.clock().tick();
        assertThat(vm.clock().expiresText(s)).isEqualTo("expired 5 min ago");
    }

    @Test
    void relativeTimesAreRedrawnEveryFifteenSecondsNotEverySecond() {
        gateway.addApplication("a1", "one", "", 1, null, 0);
        connect();
        int start = vm.clock().revisionProperty().get();
        for (int i = 0; i < 14; i++) {
            clock.advance(Duration.ofSeconds(1));
            vm.clock().tick();
        }
        assertThat(vm.clock().revisionProperty().get()).isEqualTo(start);
        clock.advance(Duration.ofSeconds(1));
        vm.clock().tick();
        assertThat(vm.clock().revisionProperty().get()).isEqualTo(start + 1);
    }

    @Test
    void aGatewayThatFailedToStartShowsTheFailureStateNotLoading() {
        vm.connectionFailed(new Banner(Banner.Severity.DANGER, "The local gateway did not start", "Port in use",
                true), () -> { });
        assertThat(vm.applications().stateProperty().get()).isEqualTo(ApplicationsViewModel.ListState.UNAVAILABLE);
        assertThat(vm.connection().bannerProperty().get().title()).isEqualTo("The local gateway did not start");
    }

    @Test
    void anUnreachableGatewayOnConnectShowsTheFailureStateNotAnEmptyList() {
        gateway.offline = true;
        connect();
        assertThat(vm.applications().stateProperty().get()).isEqualTo(ApplicationsViewModel.ListState.UNAVAILABLE);
        gateway.offline = false;
        gateway.addApplication("a1", "one", "", 1, null, 0);
        background.advance(Duration.ofSeconds(1));
        assertThat(vm.applications().stateProperty().get()).isEqualTo(ApplicationsViewModel.ListState.ROWS);
    }

    @Test
    void aChangeRefusedAsStaleReloadsThatApplicationWithAnInfoBanner() {
        gateway.addApplication("a1", "one", "", 1, null, 0);
        connect();
        vm.applications().select(app("one"));
        gateway.addApplication("a1", "one", "", 4, null, 0); // someone else added secrets

        vm.changedElsewhere("a1");

        assertThat(app("one").secretCount()).isEqualTo(4);
        assertThat(vm.connection().bannerProperty().get().severity()).isEqualTo(Banner.Severity.INFO);
        assertThat(vm.connection().bannerProperty().get().title()).isEqualTo("Changed by someone else");
        assertThat(vm.connection().bannerProperty().get().message()).contains("“one”");
    }

    private static org.secretdesk.model.Notification expiring(String id, String app, String secret, Instant created,
                                                              Duration left) {
        return new org.secretdesk.model.Notification(id,
                org.secretdesk.model.Notification.NotificationType.SECRET_EXPIRING, app, "app " + app, secret,
                "desc " + secret, created.plus(left), created);
    }

    @Test
    void notificationsPopUpOnceOnConnectAndOnEventsAndTheBellJumpsToTheSecret() {
        gateway.addApplication("a1", "one", "", 2, NOW.plus(Duration.ofDays(4)), 0);
        gateway.addApplication("a2", "two", "", 1, null, 0);
        gateway.addSecret("a1", "s1", "prod", NOW.plus(Duration.ofDays(4)), null);
        gateway.addSecret("a1", "s2", "staging", NOW.plus(Duration.ofDays(5)), null);
        gateway.notifications.add(expiring("n1", "a1", "s1", NOW, Duration.ofDays(4)));
        gateway.notifications.add(expiring("n2", "a1", "s2", NOW, Duration.ofDays(5)));
        List<ExpiryAlerts.Popup> popups = new java.util.ArrayList<>();
        vm.alerts().popupProperty().addListener((o, a, p) -> {
            if (p != null) {
                popups.add(p);
                vm.alerts().popupShown();
            }
        });
        connect();

        assertThat(popups).singleElement().extracting(ExpiryAlerts.Popup::text)
                .isEqualTo("2 secrets expire within 5 days");
        assertThat(vm.alerts().unreadProperty().get()).isEqualTo(2);

        // The same notifications again (e.g. a reconnect): no second popup.
        vm.connect(gateway, new ConnectionInfo("Local gateway", "k", "u", "s", null));
        assertThat(popups).hasSize(1);

        // The scheduler raised a new one: the event brings it, fetched since the last one seen.
        gateway.notifications.add(expiring("n3", "a2", "s9", NOW.plusSeconds(60), Duration.ofDays(1)));
        gateway.emit(new GatewayEvent("notification.created", null, null, 0L));
        assertThat(popups).hasSize(2);
        assertThat(popups.get(1).text()).isEqualTo("1 secret expires within 1 day");
        assertThat(gateway.notificationSinces.getLast()).isEqualTo(NOW.toString());

        vm.jumpTo("a1", "s2");
        assertThat(vm.applications().selectedProperty().get().id()).isEqualTo("a1");
        assertThat(vm.secrets().selectedProperty().get().id()).isEqualTo("s2");
        vm.alerts().markRead();
        assertThat(vm.alerts().unreadProperty().get()).isZero();
    }

    @Test
    void seenNotificationsAreRememberedAcrossConsoles() {
        ExpiryAlerts.SeenIds store = ExpiryAlerts.inMemory();
        gateway.addApplication("a1", "one", "", 1, null, 0);
        gateway.notifications.add(expiring("n1", "a1", "s1", NOW, Duration.ofDays(10)));
        vm.useSeenNotifications(store);
        connect();
        assertThat(store.load()).containsExactly("n1");

        MainWindowViewModel second = new MainWindowViewModel(background, clock, new RelativeTime(ZoneOffset.UTC),
                clipboardSeconds);
        second.useSeenNotifications(store);
        List<ExpiryAlerts.Popup> popups = new java.util.ArrayList<>();
        second.alerts().popupProperty().addListener((o, a, p) -> popups.add(p));
        second.connect(gateway, new ConnectionInfo("Local gateway", "k", "u", "s", null));
        assertThat(popups).isEmpty();
        assertThat(second.alerts().all()).hasSize(1); // still listed behind the bell
    }

    @Test
    void expiredNotificationsSayHasExpired() {
        var expired = new org.secretdesk.model.Notification("n9",
                org.secretdesk.model.Notification.NotificationType.SECRET_EXPIRED, "a1", "one", "s1", "prod", NOW,
                NOW);
        assertThat(ExpiryAlerts.sentence(List.of(expired))).isEqualTo("1 secret has expired");
        assertThat(ExpiryAlerts.describe(expired)).isEqualTo("one — “prod” has expired");
    }

    @Test
    void expiryFilterShowsExpiringExpiredNeverAndUnusedSecrets() {
        gateway.addApplication("a1", "one", "", 4, NOW.plus(Duration.ofDays(3)), 1);
        gateway.addApplication("a2", "two", "", 1, NOW.plus(Duration.ofDays(60)), 0);
        gateway.addSecret("a1", "s1", "soon", NOW.plus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(1)));
        gateway.addSecret("a1", "s2", "gone", NOW.minus(Duration.ofHours(1)), NOW.minus(Duration.ofDays(2)));
        gateway.addSecret("a1", "s3", "forever", null, null); // created 40 days ago, never used
        gateway.addSecret("a1", "s4", "later", NOW.plus(Duration.ofDays(20)), NOW.minus(Duration.ofDays(50)));
        connect();
        vm.applications().select(app("one"));

        vm.applications().expiryFilterProperty().set(new ExpiryFilter(ExpiryFilter.Kind.EXPIRING_WITHIN, 5));
        assertThat(vm.secrets().visible()).extracting(SecretSummary::id).containsExactly("s1");
        assertThat(vm.applications().visible()).extracting(Application::name).containsExactly("one");
        vm.applications().expiryFilterProperty().set(new ExpiryFilter(ExpiryFilter.Kind.EXPIRED, 0));
        assertThat(vm.secrets().visible()).extracting(SecretSummary::id).containsExactly("s2");
        vm.applications().expiryFilterProperty().set(new ExpiryFilter(ExpiryFilter.Kind.NEVER_EXPIRES, 0));
        assertThat(vm.secrets().visible()).extracting(SecretSummary::id).containsExactly("s3");
        vm.applications().expiryFilterProperty().set(new ExpiryFilter(ExpiryFilter.Kind.UNUSED_FOR, 30));
        assertThat(vm.secrets().visible()).extracting(SecretSummary::id).containsExactlyInAnyOrder("s3", "s4");
        vm.applications().expiryFilterProperty().set(ExpiryFilter.ALL);
        assertThat(vm.secrets().visible()).hasSize(4);
        assertThat(vm.applications().visible()).hasSize(2);

        // With the search too: both must match.
        vm.applications().expiryFilterProperty().set(new ExpiryFilter(ExpiryFilter.Kind.UNUSED_FOR, 30));
        vm.applications().searchTextProperty().set("later");
        assertThat(vm.secrets().visible()).extracting(SecretSummary::id).containsExactly("s4");
    }

    @Test
    void expiringWithinMovesWithTheClock() {
        gateway.addApplication("a1", "one", "", 1, NOW.plus(Duration.ofDays(8)), 0);
        gateway.addSecret("a1", "s1", "soon", NOW.plus(Duration.ofDays(8)), null);
        connect();
        vm.applications().select(app("one"));
        vm.applications().expiryFilterProperty().set(new ExpiryFilter(ExpiryFilter.Kind.EXPIRING_WITHIN, 5));
        assertThat(vm.applications().visible()).isEmpty();
        assertThat(vm.secrets().visible()).isEmpty();
        assertThat(vm.applications().noMatchesText()).isEqualTo("Nothing matches the filter “expiring within 5 days”");
        clock.advance(Duration.ofDays(4));
        vm.clock().tick();
        assertThat(vm.applications().visible()).extracting(Application::name).containsExactly("one");
        vm.applications().select(app("one"));
        assertThat(vm.secrets().visible()).extracting(SecretSummary::id).containsExactly("s1");
    }

    @Test
    void theExpiresColumnSortsByInstantWithNeverLast() {
        SecretSummary never = gateway.addSecret("a1", "s1", "never", null, null);
        SecretSummary late = gateway.addSecret("a1", "s2", "late", NOW.plus(Duration.ofDays(300)), null);
        SecretSummary soon = gateway.addSecret("a1", "s3", "soon", NOW.plus(Duration.ofDays(2)), null);
        SecretSummary gone = gateway.addSecret("a1", "s4", "gone", NOW.minus(Duration.ofDays(2)), null);
        List<SecretSummary> all = new java.util.ArrayList<>(List.of(never, late, soon, gone));
        all.sort(SecretsTable.EXPIRES_ORDER);
        assertThat(all).extracting(SecretSummary::description).containsExactly("gone", "soon", "late", "never");
    }

    @Test
    void withAutomaticReconnectOffALostConnectionWaitsForRetry() {
        vm.setAutoReconnect(false);
        gateway.addApplication("a1", "one", "", 1, null, 0);
        connect();
        gateway.breakStream();
        assertThat(vm.connection().stateProperty().get()).isEqualTo(ConnectionState.OFFLINE);
        assertThat(background.pendingDelaysMillis()).isEmpty();
        assertThat(vm.connection().bannerProperty().get().retry()).isTrue();
        assertThat(vm.connection().bannerProperty().get().message()).contains("Automatic reconnect is off");

        vm.retry();
        assertThat(vm.connection().stateProperty().get()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(gateway.subscriptions).isEqualTo(2);
    }

    @Test
    void thePreferredWarningWindowDecidesTheMarker() {
        gateway.addApplication("a1", "one", "", 1, NOW.plus(Duration.ofDays(25)), 0);
        connect();
        assertThat(vm.clock().markerFor(app("one"))).isEqualTo(Marker.NONE); // gateway's largest threshold: 20 days
        vm.setWarningWindow(Duration.ofDays(30));
        assertThat(vm.clock().markerFor(app("one"))).isEqualTo(Marker.EXPIRING);
        vm.setWarningWindow(null);
        assertThat(vm.clock().markerFor(app("one"))).isEqualTo(Marker.NONE);
    }
}
