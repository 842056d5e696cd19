package org.secretdesk.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.secretdesk.pki.TestCertificates.CLOCK;
import static org.secretdesk.pki.TestCertificates.NOW;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

    private static CertificateAuthority ca;
    private static KeyAndCertificate server;

    @BeforeAll
    static void createCaAndServerCertificate() {
        ca = CertificateAuthority.create("SecretDesk Test Root CA", Duration.ofDays(365), CLOCK);
        server = ca.issueServerCertificate("gateway.example.com", List.of("gateway.example.com", "localhost"),
                List.of("127.0.0.1", "::1"), Duration.ofDays(90), CLOCK);
    }

    @Test
    void caIsASelfSignedEcP256RootThatMaySignOnlyLeafCertificates() throws Exception {
        X509Certificate root = ca.certificate();

        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=SecretDesk Test Root CA");
        assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThatNoException().isThrownBy(() -> root.verify(root.getPublicKey()));
        assertThat(root.getBasicConstraints()).isZero(); // CA:true, pathLen 0
        assertThat(root.getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        boolean[] keyUsage = root.getKeyUsage();
        assertThat(keyUsage[5]).as("keyCertSign").isTrue();
        assertThat(keyUsage[6]).as("cRLSign").isTrue();
        assertThat(keyUsage[0]).as("digitalSignature").isFalse();
        assertThat(root.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
        assertThat(root.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(root.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) root.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(ca.privateKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void caValidityFollowsTheClock() {
        assertThat(ca.certificate().getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(1)));
        assertThat(ca.certificate().getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
    }

    @Test
    void serialNumbersArePositiveRandomAndAtMost128Bits() {
        CertificateAuthority other = CertificateAuthority.create("Other", Duration.ofDays(1), CLOCK);
        BigInteger first = ca.certificate().getSerialNumber();
        BigInteger second = other.certificate().getSerialNumber();

        assertThat(first.signum()).isPositive();
        assertThat(second.signum()).isPositive();
        assertThat(first.bitLength()).isLessThanOrEqualTo(128);
        assertThat(first).isNotEqualTo(second);
        assertThat(server.leaf().getSerialNumber()).isNotEqualTo(first);
    }

    @Test
    void serverCertificateHasNamesUsagesAndIdentifiers() throws Exception {
        X509Certificate leaf = server.leaf();

        assertThat(server.chain()).containsExactly(leaf, ca.certificate());
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=gateway.example.com");
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(leaf.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(server.privateKey().getAlgorithm()).isEqualTo("EC");

        Collection<List<?>> altNames = leaf.getSubjectAlternativeNames();
        assertThat(altNames).extracting(name -> name.get(0), name -> name.get(1)).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(2, "gateway.example.com"),
                org.assertj.core.groups.Tuple.tuple(2, "localhost"),
                org.assertj.core.groups.Tuple.tuple(7, "127.0.0.1"),
                org.assertj.core.groups.Tuple.tuple(7, InetAddress.getByName("::1").getHostAddress()));

        byte[] caSki = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                ca.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId())).getOctets()).getKeyIdentifier();
        byte[] leafAki = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                leaf.getExtensionValue(Extension.authorityKeyIdentifier.getId())).getOctets()).getKeyIdentifierOctets();
        assertThat(leafAki).isEqualTo(caSki);
    }

    @Test
    void serverCertificateIsBackdatedOneMinuteAndNeverOutlivesTheCa() {
        assertThat(server.leaf().getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(1)));
        assertThat(server.leaf().getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(90)));

        KeyAndCertificate longLived = ca.issueServerCertificate("long", List.of("long.example"), List.of(),
                Duration.ofDays(5000), CLOCK);
        assertThat(longLived.leaf().getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
    }

    @Test
    void chainValidatesWithPkixAgainstTheCaAsOnlyTrustAnchor() throws Exception {
        assertThatNoException().isThrownBy(() -> validate(server.leaf(), ca.certificate(), Date.from(NOW)));
    }

    @Test
    void chainDoesNotValidateAgainstAnotherCa() {
        CertificateAuthority stranger = CertificateAuthority.create("SecretDesk Test Root CA", Duration.ofDays(365), CLOCK);

        assertThatThrownBy(() -> validate(server.leaf(), stranger.certificate(), Date.from(NOW)))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void chainDoesNotValidateAfterTheServerCertificateExpired() {
        assertThatThrownBy(() -> validate(server.leaf(), ca.certificate(), Date.from(NOW.plus(Duration.ofDays(91)))))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void loadedCaIssuesCertificatesThatValidate() throws Exception {
        CertificateAuthority reloaded = CertificateAuthority.load(
                Pem.readCertificates(Pem.certificates(List.of(ca.certificate())).getBytes()).getFirst(),
                Pem.readPrivateKey(Pem.privateKey(ca.privateKey())));

        KeyAndCertificate issued = reloaded.issueServerCertificate("again", List.of("again.example"), List.of(),
                Duration.ofDays(1), CLOCK);

        assertThatNoException().isThrownBy(() -> validate(issued.leaf(), ca.certificate(), Date.from(NOW)));
    }

    @Test
    void loadRejectsAKeyThatDoesNotBelongToTheCertificate() {
        CertificateAuthority other = CertificateAuthority.create("Other", Duration.ofDays(1), CLOCK);

        assertThatThrownBy(() -> CertificateAuthority.load(ca.certificate(), other.privateKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong");
    }

    @Test
    void loadRejectsALeafCertificate() {
        assertThatThrownBy(() -> CertificateAuthority.load(server.leaf(), server.privateKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a CA certificate");
    }

    @Test
    void rejectsAHostNameGivenAsIpAddressAndNonPositiveValidity() {
        assertThatThrownBy(() -> ca.issueServerCertificate("x", List.of(), List.of("gateway.example.com"),
                Duration.ofDays(1), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.example.com");
        assertThatThrownBy(() -> CertificateAuthority.create("x", Duration.ZERO, CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static void validate(X509Certificate leaf, X509Certificate anchor, Date at) throws Exception {
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(at);
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }
}
