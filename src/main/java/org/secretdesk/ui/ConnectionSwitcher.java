package org.secretdesk.ui;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javafx.application.HostServices;
import javafx.scene.control.MenuItem;
import javafx.stage.Window;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.Connections;
import org.secretdesk.desk.connections.UntrustedChainException;
import org.secretdesk.model.CaInfo;
import org.secretdesk.model.SecretValue;
import org.secretdesk.ui.cawizard.CaExportWizard;
import org.secretdesk.ui.cawizard.CaSources;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.Banner;
import org.secretdesk.ui.common.DialogService;
import org.secretdesk.ui.common.ErrorMessages;
import org.secretdesk.ui.common.FxDialogService;
import org.secretdesk.ui.connections.AdminKeyPrompt;
import org.secretdesk.ui.connections.CaRotationDialog;
import org.secretdesk.ui.connections.ConnectFlow;
import org.secretdesk.ui.connections.ConnectionDialog;
import org.secretdesk.ui.connections.ConnectionsMenu;
import org.secretdesk.ui.connections.TrustPrompt;
import org.secretdesk.ui.mainwindow.ConnectionActions;
import org.secretdesk.ui.mainwindow.ConnectionInfo;
import org.secretdesk.ui.mainwindow.MainWindowViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which gateway the main window works with: the embedded local gateway or a saved profile, opened through the
 * connect flow (keychain or asked key, fingerprint prompt). The embedded gateway keeps running once started, so
 * switching back is instant; it stops with the console. A saved profile's client is closed when switching away.
 * A switch that fails leaves the current connection in place. All methods run on the FX thread.
 */
public final class ConnectionSwitcher implements ConnectionActions, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSwitcher.class);

    /** Shows the CA export wizard for the given sources (the console: {@link CaExportWizard}). */
    @FunctionalInterface
    interface CaWizard {
        void show(Window owner, CaSources sources);
    }

    /** Shows the CA rotation dialog for the connected gateway (the console: {@link CaRotationDialog}). */
    @FunctionalInterface
    interface CaRotation {
        void show(Window owner, GatewayClient client, Consumer<CaInfo> onRotated);
    }

    private final MainWindowViewModel vm;
    private final Connections connections;
    private final ConnectFlow flow;
    private final ConsoleConnection.Opener localOpener;
    private final Background background;
    private final DialogService dialogs;
    private final CaWizard caWizard;
    private final CaRotation caRotation;

    private ConsoleConnection local;
    private ConsoleConnection remote;
    /** The saved profile in use; null while on the local gateway. */
    private ConnectionProfile current;
    /** Counts switch requests, so a slow earlier one that completes late is dropped. */
    private long attempt;
    private boolean closed;

    /** With the real dialogs. */
    static ConnectionSwitcher create(Window owner, MainWindowViewModel vm, Connections connections,
                                     ConsoleConnection.Opener localOpener, Background background,
                                     HostServices hostServices) {
        return new ConnectionSwitcher(vm, connections, localOpener, background, new FxDialogService(),
                (u, p) -> TrustPrompt.ask(owner, u, p.name()), (p, why) -> AdminKeyPrompt.ask(owner, p, why),
                (w, sources) -> CaExportWizard.show(w, sources, background, hostServices),
                (w, client, onRotated) -> CaRotationDialog.show(w, client, background, onRotated));
    }

    ConnectionSwitcher(MainWindowViewModel vm, Connections connections, ConsoleConnection.Opener localOpener,
                       Background background, DialogService dialogs,
                       BiFunction<UntrustedChainException, ConnectionProfile, Boolean> askTrust,
                       BiFunction<ConnectionProfile, String, Optional<SecretValue>> askKey,
                       CaWizard caWizard, CaRotation caRotation) {
        this.vm = Objects.requireNonNull(vm);
        this.connections = Objects.requireNonNull(connections);
        this.localOpener = Objects.requireNonNull(localOpener);
        this.background = Objects.requireNonNull(background);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.caWizard = Objects.requireNonNull(caWizard);
        this.caRotation = Objects.requireNonNull(caRotation);
        this.flow = new ConnectFlow(connections, background, askTrust, Objects.requireNonNull(askKey));
    }

    /** Opens the connection chosen last time: a saved profile, or else the local gateway. */
    public void start() {
        connections.lastSelected().ifPresentOrElse(this::switchTo, this::switchToLocal);
    }

    /** The connection chosen last time, as the header should name it while it opens (null: the local gateway). */
    public ConnectionInfo startingConnection() {
        return connections.lastSelected().map(this::infoFor).orElse(null);
    }

    /** The saved profile in use, or null on the local gateway. */
    public String currentProfileId() {
        return current == null ? null : current.id();
    }

    public void switchToLocal() {
        long mine = ++attempt;
        if (local != null) {
            useLocal();
            return;
        }
        background.call(localOpener::open, opened -> {
            if (closed || local != null) {
                opened.close();
            } else {
                local = opened;
            }
            if (!closed && mine == attempt) {
                useLocal();
            }
        }, e -> {
            if (closed || mine != attempt) {
                return;
            }
            LOG.warn("Could not open the local gateway: {}", e.toString());
            Banner b = ErrorMessages.bannerFor(e, "the local gateway");
            failed(new Banner(Banner.Severity.DANGER, "The local gateway could not start", b.message(), true),
                    this::switchToLocal);
        });
    }

    public void switchTo(ConnectionProfile chosen) {
        long mine = ++attempt;
        // The menu's copy may predate an edit or a pin: use the saved one.
        ConnectionProfile profile = connections.find(chosen.id()).orElse(chosen);
        // At start-up nothing is shown yet: the header names the connection being opened (its key may be asked).
        vm.connection().announce(infoFor(profile));
        flow.open(profile, (client, saved) -> {
            if (closed || mine != attempt) {
                client.close();
                return;
            }
            vm.disconnect();
            closeRemote();
            current = saved;
            remote = new ConsoleConnection(client, infoFor(saved), null);
            vm.connect(client, remote.info());
        }, message -> {
            if (closed || mine != attempt) {
                return;
            }
            failed(new Banner(Banner.Severity.DANGER, "Not connected", message, true), () -> switchTo(profile));
        });
    }

    @Override
    public List<MenuItem> switcherItems(Window owner) {
        return new ConnectionsMenu(connections, background, dialogs, this::switchToLocal, this::switchTo)
                .items(owner, currentProfileId());
    }

    @Override
    public void addConnection(Window owner) {
        ConnectionDialog.show(owner, connections, background, null).ifPresent(this::switchTo);
    }

    @Override
    public void exportCa(Window owner) {
        GatewayClient client = vm.client();
        ConnectionInfo info = vm.connection().infoProperty().get();
        // Not connected, or a gateway that serves no CA: the URL and file sources still work.
        // The capabilities the window loaded: asking the client could touch the network on the FX thread.
        Capabilities caps = vm.features().capabilitiesProperty().get();
        if (client != null && caps != null && !caps.supports(Capabilities.Feature.CA_EXPORT)) {
            vm.connection().showNotice(new Banner(Banner.Severity.INFO, "The CA comes from the address or a file",
                    caps.explain(Capabilities.Feature.CA_EXPORT)
                            + " The wizard can read the chain the address presents, or a certificate file.", false));
            caWizard.show(owner, CaSources.servesNoCa(info.name(), info.url(),
                    caps.explain(Capabilities.Feature.CA_EXPORT)));
            return;
        }
        caWizard.show(owner, client == null ? CaSources.none() : CaSources.connected(client, info.name(), info.url()));
    }

    @Override
    public void rotateCa(Window owner) {
        GatewayClient client = vm.client();
        if (client == null) {
            dialogs.showError(owner, "Rotate CA", "Not connected: connect to the gateway whose CA you want to rotate.");
            return;
        }
        Capabilities caps = vm.features().capabilitiesProperty().get();
        if (caps != null && !caps.supports(Capabilities.Feature.CA_ROTATION)) {
            vm.connection().showNotice(new Banner(Banner.Severity.INFO, "Rotate CA is not available with "
                    + vm.connection().infoProperty().get().kind(), caps.explain(Capabilities.Feature.CA_ROTATION), false));
            return;
        }
        ConnectionProfile rotatedProfile = current;
        caRotation.show(owner, client, newCa -> afterRotation(rotatedProfile));
    }

    /**
     * The gateway now presents a certificate from the new CA. The local gateway is ours: trust its new CA
     * directly. A saved profile goes through the fingerprint prompt again, which names both fingerprints.
     */
    private void afterRotation(ConnectionProfile rotatedProfile) {
        if (closed) {
            return;
        }
        if (rotatedProfile != null) {
            switchTo(rotatedProfile);
        } else if (current == null && local != null) {
            ConsoleConnection fresh = EmbeddedConnection.withFreshClient(local);
            vm.disconnect();
            local.client().close();
            local = fresh;
            vm.connect(fresh.client(), fresh.info());
        }
    }

    private void useLocal() {
        vm.disconnect();
        closeRemote();
        current = null;
        vm.connect(local.client(), local.info());
        background.call(() -> {
            connections.selectLocal();
            return null;
        }, ok -> { }, e -> LOG.warn("Could not remember the local gateway as the last connection: {}", e.toString()));
    }

    /** At start-up the window shows the failure with Retry; later the current connection stays and a notice says why. */
    private void failed(Banner banner, Runnable retry) {
        if (vm.client() == null) {
            vm.connectionFailed(banner, retry);
        } else {
            vm.connection().showNotice(new Banner(banner.severity(), banner.title(), banner.message() + " Still connected to \""
                    + vm.connection().infoProperty().get().name() + "\".", false));
        }
    }

    private ConnectionInfo infoFor(ConnectionProfile p) {
        String where = connections.sessionKeys().holds(p.id())
                ? "typed this session, kept in memory until SecretDesk quits, not stored"
                : "in the OS keychain (" + connections.credentials().displayName() + ")";
        var g = p.settings();
        String storage = switch (p.kind()) {
            case SECRETDESK -> where;
            case DATAMINER -> "API key " + where;
            case GRAVITEE -> "user " + g.user() + ", password " + where + "; organization "
                    + java.util.Objects.requireNonNullElse(g.organization(), "DEFAULT") + ", environment "
                    + java.util.Objects.requireNonNullElse(g.environment(), "DEFAULT") + ", domain " + g.domain();
            case KEYCLOAK -> "user " + g.user() + " (realm "
                    + java.util.Objects.requireNonNullElse(g.adminRealm(), "master") + "), password " + where
                    + "; clients of realm " + g.realm();
        };
        return new ConnectionInfo(p.name(), p.kind().displayName(), p.url(), storage, p.pinnedCaSha256());
    }

    private void closeRemote() {
        ConsoleConnection r = remote;
        remote = null;
        if (r != null) {
            r.close();
        }
    }

    /** Closes the saved profile's client and stops the embedded gateway (quitting). */
    @Override
    public void close() {
        closed = true;
        connections.sessionKeys().wipe();
        attempt++;
        closeRemote();
        ConsoleConnection l = local;
        local = null;
        if (l != null) {
            l.close();
        }
    }
}
