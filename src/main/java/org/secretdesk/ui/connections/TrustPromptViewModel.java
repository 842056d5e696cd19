package org.secretdesk.ui.connections;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.secretdesk.desk.connections.Fingerprint;
import org.secretdesk.desk.connections.UntrustedChainException;
import org.secretdesk.pki.CertificateDetails;
import org.secretdesk.ui.common.RelativeTime;

/**
 * The trust decision for a presented chain: first use ("compare and accept") or a changed certificate (blocked,
 * naming both fingerprints, with an explicit re-verification). Accepting always needs the operator to confirm
 * they compared the fingerprint; a pasted fingerprint that differs blocks it.
 */
public final class TrustPromptViewModel {

    /** The console's one format (see RelativeTime), with the zone: certificates are read across zones. */
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern(RelativeTime.DATE_TIME_PATTERN + " z", Locale.ENGLISH);

    private final UntrustedChainException untrusted;
    private final String connectionName;
    private final Clock clock;
    private final CertificateDetails ca;
    private final CertificateDetails server;
    private final BooleanProperty confirmed = new SimpleBooleanProperty();
    private final StringProperty expected = new SimpleStringProperty("");
    private final BooleanBinding canAccept;

    public TrustPromptViewModel(UntrustedChainException untrusted, String connectionName, Clock clock) {
        this.untrusted = untrusted;
        this.connectionName = connectionName;
        this.clock = clock;
        this.ca = CertificateDetails.of(untrusted.presentedCa());
        this.server = CertificateDetails.of(untrusted.presentedChain().getFirst());
        canAccept = new BooleanBinding() {
            {
                bind(confirmed, expected);
            }

            @Override
            protected boolean computeValue() {
                String typed = expected.get();
                boolean typedOk = typed == null || typed.isBlank() || Fingerprint.same(typed, ca.sha256Fingerprint());
                return confirmed.get() && typedOk;
            }
        };
    }

    public boolean firstUse() {
        return untrusted.firstUse();
    }

    public String title() {
        return firstUse() ? "Verify the gateway's certificate" : "The gateway's certificate changed";
    }

    public String message() {
        if (firstUse()) {
            return "This is the first connection to \"" + connectionName + "\". Compare the CA's SHA-256 fingerprint"
                    + " below with the one the gateway's administrator gave you. If they match, SecretDesk will trust"
                    + " this CA, and only this CA, for this connection.";
        }
        return "The connection to \"" + connectionName + "\" was blocked: the gateway presents a certificate that"
                + " was not issued by the CA trusted for this connection. This happens after the gateway's CA was"
                + " rotated, or when something is intercepting the connection. Do not continue unless the gateway's"
                + " administrator confirms the new fingerprint.";
    }

    public String acceptLabel() {
        return firstUse() ? "Trust and connect" : "Trust the new CA";
    }

    public CertificateDetails ca() {
        return ca;
    }

    public X509Certificate caCertificate() {
        return untrusted.presentedCa();
    }

    public CertificateDetails server() {
        return server;
    }

    /** The fingerprint trusted until now, or null on first use. */
    public String pinnedFingerprint() {
        return untrusted.pinnedFingerprint();
    }

    public String presentedFingerprint() {
        return ca.sha256Fingerprint();
    }

    public String validity() {
        return DATE.format(ca.notBefore().atZone(ZoneId.systemDefault())) + "  –  "
                + DATE.format(ca.notAfter().atZone(ZoneId.systemDefault()));
    }

    /** "Expired on …" / "Not valid until …", or empty. */
    public String validityProblem() {
        return switch (ca.validityAt(clock.instant())) {
            case EXPIRED -> "This CA certificate expired on " + DATE.format(ca.notAfter().atZone(ZoneId.systemDefault())) + ".";
            case NOT_YET_VALID -> "This CA certificate is not valid until "
                    + DATE.format(ca.notBefore().atZone(ZoneId.systemDefault())) + ". Check this computer's clock.";
            case VALID -> "";
        };
    }

    public BooleanProperty confirmedProperty() {
        return confirmed;
    }

    public StringProperty expectedFingerprintProperty() {
        return expected;
    }

    public BooleanBinding canAccept() {
        return canAccept;
    }

    /** A pasted fingerprint compared with the presented one, whatever its separators and case. */
    public enum Comparison { NONE, MATCHES, DIFFERS }

    public Comparison comparison() {
        String t = expected.get();
        if (t == null || t.isBlank()) {
            return Comparison.NONE;
        }
        return Fingerprint.same(t, presentedFingerprint()) ? Comparison.MATCHES : Comparison.DIFFERS;
    }

    /**
     * What the field under the pasted fingerprint says: that it matches, visibly (issue 25: only a mismatch was
     * said, a match left no trace), or that it does not.
     */
    public String comparisonText() {
        return switch (comparison()) {
            case NONE -> "";
            case MATCHES -> "\u2713 It matches the fingerprint of the presented CA.";
            case DIFFERS -> "This is not the fingerprint of the presented CA.";
        };
    }
}
