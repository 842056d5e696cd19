package org.secretdesk.client.secretdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.TlsTrust;

class TlsTrustTest {

    @Test
    void aPinSelectsTheMatchingCertificateAsTheOnlyAnchor() throws Exception {
        var a = TestCertificates.rootCa("A").certificate();
        var b = TestCertificates.rootCa("B").certificate();
        String pin = TlsTrust.sha256Hex(b).replaceAll("(..)(?!$)", "$1:").toUpperCase();

        TlsTrust trust = new TlsTrust(List.of(a, b), pin);

        assertThat(trust.anchors()).containsExactly(b);
        assertThat(TlsTrust.of(List.of(a, b)).anchors()).containsExactly(a, b);
    }

    @Test
    void aPinMatchingNoCertificateIsRefused() throws Exception {
        var a = TestCertificates.rootCa("A").certificate();
        var b = TestCertificates.rootCa("B").certificate();

        assertThatThrownBy(() -> TlsTrust.pinned(a, TlsTrust.sha256Hex(b))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TlsTrust.pinned(a, "abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TlsTrust.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
