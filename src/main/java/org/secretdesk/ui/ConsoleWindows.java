package org.secretdesk.ui;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.stage.Window;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.ui.audit.AuditViewModel;
import org.secretdesk.ui.audit.AuditWindow;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.DialogService;
import org.secretdesk.ui.leaks.LeakReportWorkflow;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.UsageLines;
import org.secretdesk.ui.mainwindow.Windows;
import org.secretdesk.ui.notify.CalendarFeedDialog;
import org.secretdesk.ui.notify.CalendarFeedViewModel;
import org.secretdesk.ui.notify.ChannelsDialog;
import org.secretdesk.ui.notify.ChannelsViewModel;
import org.secretdesk.ui.reveal.ClipboardGuard;
import org.secretdesk.ui.policy.ApplicationPolicyDialog;
import org.secretdesk.ui.policy.ApplicationPolicyViewModel;
import org.secretdesk.ui.policy.SecretPolicyDialog;
import org.secretdesk.ui.policy.SecretPolicyViewModel;
import org.secretdesk.ui.rotation.RotationPanel;
import org.secretdesk.ui.rotation.RotationViewModel;
import org.secretdesk.ui.stale.StaleSecretsViewModel;
import org.secretdesk.ui.stale.StaleSecretsWindow;

/**
 * The main window's other windows, as the console opens them: audit log, expiry policies, notification channels and
 * the calendar link, reporting a leak, rotation panel, stale secrets, preferences, quitting.
 */
public final class ConsoleWindows implements Windows {

    private final Background background;
    private final DialogService dialogs;
    private final ZoneId zone;
    private final Clock clock;
    private final Consumer<Window> preferences;
    private final Runnable quit;
    private LeakReportWorkflow leaks;
    private ClipboardGuard clipboard;

    /**
     * @param preferences opens the preferences (the composition root owns them)
     * @param quit        quits the console
     */
    public ConsoleWindows(Background background, DialogService dialogs, ZoneId zone, Consumer<Window> preferences,
                          Runnable quit) {
        this.background = Objects.requireNonNull(background);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.zone = Objects.requireNonNull(zone);
        this.clock = Clock.system(zone);
        this.preferences = Objects.requireNonNull(preferences);
        this.quit = Objects.requireNonNull(quit);
    }

    /** Without preferences and quitting (tests). */
    public ConsoleWindows(Background background, DialogService dialogs) {
        this(background, dialogs, ZoneId.systemDefault(), owner -> { }, () -> { });
    }

    /** Where "Report a leak" opens (the composition root wires it; without it the entry opens nothing). */
    public ConsoleWindows withLeakReports(LeakReportWorkflow workflow) {
        this.leaks = Objects.requireNonNull(workflow);
        return this;
    }

    /** The clipboard the calendar link is copied with (the composition root wires it; without it, none opens). */
    public ConsoleWindows withClipboard(ClipboardGuard guard) {
        this.clipboard = Objects.requireNonNull(guard);
        return this;
    }

    @Override
    public void notificationChannels(Window owner, GatewayClient client) {
        channelsDialog(owner, client).show();
    }

    /** The channels dialog, not shown yet (tests look into it). */
    public ChannelsDialog channelsDialog(Window owner, GatewayClient client) {
        return new ChannelsDialog(owner, new ChannelsViewModel(background, client, clock, new RelativeTime(zone)),
                dialogs);
    }

    @Override
    public void calendarFeed(Window owner, GatewayClient client) {
        if (clipboard != null) {
            calendarDialog(owner, client).show();
        }
    }

    /** The calendar link's dialog, not shown yet (tests look into it). */
    public CalendarFeedDialog calendarDialog(Window owner, GatewayClient client) {
        return new CalendarFeedDialog(owner, new CalendarFeedViewModel(background, client),
                Objects.requireNonNull(clipboard, "clipboard"), dialogs, new RelativeTime(zone));
    }

    @Override
    public void reportLeak(Window owner, GatewayClient client, Consumer<String> onChanged) {
        if (leaks != null) {
            leaks.open(owner, client, onChanged);
        }
    }

    @Override
    public void auditLog(Window owner, GatewayClient client, ObservableList<Application> applications) {
        auditWindow(owner, client, applications).show();
    }

    /** The audit window, not shown yet (tests look into it). */
    public AuditWindow auditWindow(Window owner, GatewayClient client, ObservableList<Application> applications) {
        return new AuditWindow(owner, new AuditViewModel(background, client, applications, zone), dialogs, zone,
                null);
    }

    @Override
    public void secretPolicy(Window owner, GatewayClient client, String withoutThresholds,
                             Consumer<DomainSecretPolicy> onSaved) {
        SecretPolicyViewModel vm = new SecretPolicyViewModel(background, client);
        SecretPolicyDialog dialog = new SecretPolicyDialog(owner, vm, onSaved);
        if (withoutThresholds != null) {
            dialog.withoutThresholds(withoutThresholds);
        }
        dialog.show();
        vm.load();
    }

    @Override
    public void applicationPolicy(Window owner, GatewayClient client, Application application,
                                  DomainSecretPolicy gatewayPolicy, Consumer<Application> onSaved,
                                  Runnable onChangedElsewhere) {
        ApplicationPolicyViewModel vm = new ApplicationPolicyViewModel(background, client, application, gatewayPolicy);
        new ApplicationPolicyDialog(owner, vm, onSaved, e -> onChangedElsewhere.run()).show();
    }

    @Override
    public void rotation(Window owner, GatewayClient client, Capabilities capabilities, Application application,
                         ObservableValue<SecretSummary> live, Runnable onChanged, Runnable changedElsewhere) {
        rotationPanel(owner, client, capabilities, application, live, onChanged, changedElsewhere).show();
    }

    /** The rotation panel, not shown yet (tests look into it). */
    public RotationPanel rotationPanel(Window owner, GatewayClient client, Capabilities capabilities,
                                       Application application, ObservableValue<SecretSummary> live,
                                       Runnable onChanged, Runnable changedElsewhere) {
        RotationViewModel vm = new RotationViewModel(application.id(), application.name(), live.getValue(),
                capabilities, client, background, clock, new UsageLines(new RelativeTime(zone)));
        vm.onChanged(onChanged, e -> changedElsewhere.run());
        return new RotationPanel(owner, vm, live, dialogs);
    }

    @Override
    public void staleSecrets(Window owner, GatewayClient client, Capabilities capabilities,
                             Function<String, String> applicationNames) {
        staleWindow(owner, client, capabilities, applicationNames).show();
    }

    /** The stale secrets window, not shown yet (tests look into it). */
    public StaleSecretsWindow staleWindow(Window owner, GatewayClient client, Capabilities capabilities,
                                          Function<String, String> applicationNames) {
        StaleSecretsViewModel vm = new StaleSecretsViewModel(background, client, capabilities, applicationNames,
                clock, new UsageLines(new RelativeTime(zone)));
        return new StaleSecretsWindow(owner, vm, dialogs, null);
    }

    @Override
    public void preferences(Window owner) {
        preferences.accept(owner);
    }

    @Override
    public void quit() {
        quit.run();
    }
}
