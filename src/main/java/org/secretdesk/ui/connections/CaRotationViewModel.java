package org.secretdesk.ui.connections;

import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Application;
import org.secretdesk.model.CaInfo;
import org.secretdesk.model.Page;
import org.secretdesk.ui.common.Background;

/**
 * CA rotation from the connection details. While client secrets exist the gateway refuses (external clients trust
 * the current CA); forcing it needs the operator to type {@value #CONFIRMATION}. Afterwards the console's pin no
 * longer matches, and the next connection goes through the fingerprint prompt with the new CA.
 */
public final class CaRotationViewModel {

    public static final String CONFIRMATION = "ROTATE";
    private static final int PAGE = 200;

    private final GatewayClient client;
    private final Background background;
    private final ReadOnlyObjectWrapper<CaInfo> info = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyLongWrapper secretCount = new ReadOnlyLongWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<CaInfo> rotated = new ReadOnlyObjectWrapper<>();
    private final StringProperty typed = new SimpleStringProperty("");
    private final BooleanBinding canRotate;

    public CaRotationViewModel(GatewayClient client, Background background) {
        this.client = Objects.requireNonNull(client, "client");
        this.background = Objects.requireNonNull(background, "background");
        // Exactly the word: full length, case-sensitive, no trimming.
        canRotate = Bindings.createBooleanBinding(() -> info.get() != null && rotated.get() == null && !busy.get()
                        && (!info.get().rotationBlocked() || CONFIRMATION.equals(typed.get())),
                info, rotated, busy, typed);
    }

    public ReadOnlyObjectProperty<CaInfo> infoProperty() {
        return info.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty secretCountProperty() {
        return secretCount.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The new CA after a rotation, else null. */
    public ReadOnlyObjectProperty<CaInfo> rotatedProperty() {
        return rotated.getReadOnlyProperty();
    }

    public StringProperty typedConfirmationProperty() {
        return typed;
    }

    public BooleanBinding canRotate() {
        return canRotate;
    }

    public boolean blocked() {
        return info.get() != null && info.get().rotationBlocked();
    }

    /** Why rotation is blocked, e.g. "3 client secrets exist; external clients trust this CA.", or "". */
    public String blockedReason() {
        if (!blocked()) {
            return "";
        }
        long n = secretCount.get();
        String count = n > 0 ? n + (n == 1 ? " client secret exists" : " client secrets exist") : "Client secrets exist";
        return count + "; external clients trust this CA. Rotating locks them out until each one trusts the new CA.";
    }

    /** Reads the CA info and, when rotation is blocked, counts the secrets that block it. */
    public void load() {
        busy.set(true);
        background.call(() -> {
            CaInfo ca = client.caInfo();
            long count = 0;
            if (ca.rotationBlocked()) {
                String cursor = null;
                do {
                    Page<Application> page = client.listApplications(null, PAGE, cursor);
                    for (Application a : page.items()) {
                        count += a.secretCount();
                    }
                    cursor = page.nextCursor();
                } while (cursor != null);
            }
            return new Object[] {ca, count};
        }, r -> {
            busy.set(false);
            secretCount.set((Long) r[1]);
            info.set((CaInfo) r[0]);
        }, e -> {
            busy.set(false);
            error.set(e instanceof GatewayException g ? g.getMessage() : "The CA could not be read ("
                    + e.getClass().getSimpleName() + ").");
        });
    }

    /** Rotates (forced when blocked, which the typed confirmation allowed); {@code onRotated} gets the new CA. */
    public void rotate(Consumer<CaInfo> onRotated) {
        if (!canRotate.get()) {
            return;
        }
        boolean force = blocked();
        busy.set(true);
        error.set("");
        background.call(() -> client.rotateCa(force), ca -> {
            busy.set(false);
            typed.set("");
            rotated.set(ca);
            onRotated.accept(ca);
        }, e -> {
            busy.set(false);
            error.set(e instanceof GatewayException g ? g.getMessage() : "The CA could not be rotated ("
                    + e.getClass().getSimpleName() + ").");
        });
    }
}
