package org.secretdesk.desk.connections;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.secretdesk.pki.KeyAndCertificate;
import org.secretdesk.pki.Pkcs12;

/** A loopback server that completes TLS handshakes with a given certificate, or answers plain HTTP. */
public final class TestTlsServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread thread;

    private TestTlsServer(ServerSocket socket, boolean tls) {
        this.socket = socket;
        this.thread = Thread.ofVirtual().start(() -> serve(tls));
    }

    public static TestTlsServer tls(KeyAndCertificate kc) throws Exception {
        SSLServerSocket s = (SSLServerSocket) serverContext(kc).getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new TestTlsServer(s, true);
    }

    /** A server-side TLS context presenting {@code kc}. */
    public static SSLContext serverContext(KeyAndCertificate kc) {
        try {
            char[] pw = "pw".toCharArray();
            KeyStore ks = Pkcs12.keystore(kc, pw);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestTlsServer plainHttp() throws IOException {
        return new TestTlsServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), false);
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve(boolean tls) {
        while (!socket.isClosed()) {
            try (Socket c = socket.accept()) {
                if (tls) {
                    ((SSLSocket) c).startHandshake();
                } else {
                    OutputStream out = c.getOutputStream();
                    out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // handshake aborted by the client, or closed: next
            }
        }
    }

    @Override
    public void close() throws Exception {
        socket.close();
        thread.join(5000);
    }
}
