package org.secretdesk.pki;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Fetches the certificate chain a TLS server presents, WITHOUT trusting it: the handshake's
 * trust manager records the chain and then always throws, so the handshake is aborted and no
 * application data is ever exchanged. The operator then reviews the chain (subject,
 * fingerprints) before anything trusts it.
 */
public final class ChainFetcher {

    private static final int DEFAULT_HTTPS_PORT = 443;
    /** TLS record content types: change_cipher_spec, alert, handshake, application_data. */
    private static final int FIRST_TLS_CONTENT_TYPE = 20;
    private static final int LAST_TLS_CONTENT_TYPE = 23;

    private ChainFetcher() {
    }

    /**
     * @param url     {@code https://host[:port]/...}; the path is ignored
     * @param timeout limit for connecting and, separately, for the handshake
     * @return the chain as the server sent it, leaf first
     */
    public static List<X509Certificate> fetch(URI url, Duration timeout) throws ChainFetchException {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        String host = url.getHost();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http")) {
            throw new ChainFetchException(ChainFetchException.Reason.NOT_TLS,
                    url + " is a plain HTTP address, which has no certificate. Enter the https:// address.");
        }
        if (!scheme.equals("https") || host == null) {
            throw new ChainFetchException(ChainFetchException.Reason.OTHER,
                    "\"" + url + "\" is not an https:// address such as https://gateway.example.com:8443.");
        }
        int port = url.getPort() == -1 ? DEFAULT_HTTPS_PORT : url.getPort();
        String where = host + ":" + port;
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));

        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ChainFetchException(ChainFetchException.Reason.UNKNOWN_HOST,
                    "The host name " + host + " is unknown. Check the spelling of the address.", e);
        }

        RecordingTrustManager recorder = new RecordingTrustManager();
        FirstBytesSocket plain = new FirstBytesSocket();
        try (plain) {
            try {
                plain.connect(new InetSocketAddress(address, port), timeoutMillis);
            } catch (SocketTimeoutException e) {
                throw new ChainFetchException(ChainFetchException.Reason.TIMEOUT,
                        "No connection to " + where + " within " + describe(timeout) + ". Check the address, the port and any firewall.", e);
            } catch (ConnectException e) {
                throw new ChainFetchException(ChainFetchException.Reason.REFUSED,
                        "Nothing accepts connections on " + where + " (connection refused). Check the port and that the server is running.", e);
            } catch (NoRouteToHostException e) {
                throw new ChainFetchException(ChainFetchException.Reason.OTHER,
                        "There is no network route to " + where + ".", e);
            }
            plain.setSoTimeout(timeoutMillis);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {recorder}, null);
            // The host name (not the address) goes in, so the server receives SNI and picks the right certificate.
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
                tls.startHandshake();
            }
            // Unreachable in practice: the recorder rejects every chain.
            throw new ChainFetchException(ChainFetchException.Reason.OTHER,
                    "The TLS handshake with " + where + " completed without a certificate check.");
        } catch (IOException e) {
            List<X509Certificate> chain = recorder.recorded();
            if (chain != null) {
                return chain;
            }
            throw classify(e, plain.firstBytes(), where, timeout);
        } catch (GeneralSecurityException e) {
            throw new ChainFetchException(ChainFetchException.Reason.OTHER, "TLS is not available: " + e.getMessage(), e);
        }
    }

    private static ChainFetchException classify(IOException e, byte[] firstBytes, String where, Duration timeout) {
        if (firstBytes.length > 0) {
            int contentType = firstBytes[0] & 0xFF;
            if (new String(firstBytes, StandardCharsets.US_ASCII).startsWith("HTTP/")) {
                return new ChainFetchException(ChainFetchException.Reason.NOT_TLS,
                        where + " answered with plain HTTP, not TLS. Use the port where the server offers HTTPS.", e);
            }
            if (contentType < FIRST_TLS_CONTENT_TYPE || contentType > LAST_TLS_CONTENT_TYPE) {
                return new ChainFetchException(ChainFetchException.Reason.NOT_TLS,
                        where + " does not speak TLS (its answer is not a TLS message). Check the port.", e);
            }
        }
        if (e instanceof SocketTimeoutException) {
            return new ChainFetchException(ChainFetchException.Reason.TIMEOUT,
                    where + " accepted the connection but sent no TLS answer within " + describe(timeout) + ".", e);
        }
        if (e instanceof SSLException) {
            return new ChainFetchException(ChainFetchException.Reason.OTHER,
                    "The TLS handshake with " + where + " failed before the server sent its certificate: " + e.getMessage(), e);
        }
        return new ChainFetchException(ChainFetchException.Reason.OTHER,
                "The connection to " + where + " failed: " + e.getMessage(), e);
    }

    private static String describe(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    /**
     * Records the server's chain and then refuses it, every time. There is deliberately no code
     * path that accepts a certificate; this is what keeps the fetcher from being a trust-all.
     */
    private static final class RecordingTrustManager extends X509ExtendedTrustManager {

        private volatile List<X509Certificate> recorded;

        List<X509Certificate> recorded() {
            return recorded;
        }

        private void recordAndReject(X509Certificate[] chain) throws CertificateException {
            if (chain != null && chain.length > 0) {
                recorded = List.copyOf(Arrays.asList(chain));
            }
            throw new CertificateException("Certificate chain recorded for review; it is not trusted");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            recordAndReject(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            recordAndReject(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            recordAndReject(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("Client certificates are never accepted here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("Client certificates are never accepted here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("Client certificates are never accepted here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** A plain socket that remembers the first bytes the peer sends, to tell "not TLS" from other failures. */
    private static final class FirstBytesSocket extends Socket {

        private static final int KEEP = 8;
        private final byte[] first = new byte[KEEP];
        private int kept;
        private InputStream in;

        synchronized byte[] firstBytes() {
            return Arrays.copyOf(first, kept);
        }

        private synchronized void keep(byte[] bytes, int offset, int length) {
            int n = Math.min(length, KEEP - kept);
            if (n > 0) {
                System.arraycopy(bytes, offset, first, kept, n);
                kept += n;
            }
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) {
                            keep(new byte[] {(byte) b}, 0, 1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            keep(b, off, n);
                        }
                        return n;
                    }
                };
            }
            return in;
        }
    }
}
