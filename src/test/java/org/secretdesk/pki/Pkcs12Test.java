package org.secretdesk.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.pki.TestCertificates.CLOCK;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;

/** The TLS server's in-memory key store gives the key and chain back to a key manager, as the file format does. */
class Pkcs12Test {

    @Test
    void theInMemoryKeyStoreServesTheKeyAndChainToAKeyManager() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Test CA", Duration.ofDays(30), CLOCK);
        KeyAndCertificate server = ca.issueServerCertificate("server", List.of("localhost"), List.of(),
                Duration.ofDays(10), CLOCK);
        char[] password = "in-memory".toCharArray();
        KeyStore store = Pkcs12.inMemoryKeystore(server, password);
        assertThat((PrivateKey) store.getKey(Pkcs12.SERVER_KEY_ALIAS, password)).isEqualTo(server.privateKey());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        X509KeyManager km = (X509KeyManager) kmf.getKeyManagers()[0];
        assertThat(km.getCertificateChain(Pkcs12.SERVER_KEY_ALIAS)).containsExactlyElementsOf(server.chain());
        assertThat(km.getPrivateKey(Pkcs12.SERVER_KEY_ALIAS)).isEqualTo(server.privateKey());
    }
}
