package org.secretdesk.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A local TLS server on 127.0.0.1 (port 0) presenting the given key and chain. Each connection
 * completes the handshake and echoes one byte; a failed handshake just closes the connection.
 */
final class TlsTestServer implements AutoCloseable {

    private static final char[] PASSWORD = "test-keystore".toCharArray();

    private final ServerSocket serverSocket;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private TlsTestServer(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
        executor.submit(this::acceptLoop);
    }

    static TlsTestServer start(KeyAndCertificate keyAndCertificate) throws IOException, GeneralSecurityException {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(Pkcs12.keystore(keyAndCertificate, PASSWORD), PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new TlsTestServer(socket);
    }

    /** A plain TCP server that reads the request and answers like a confused HTTP server. */
    static TlsTestServer plainHttp() throws IOException {
        return new TlsTestServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + port() + "/api/v1/ca");
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket connection = serverSocket.accept();
                executor.submit(() -> serve(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(10_000);
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            if (connection instanceof SSLSocket tls) {
                tls.startHandshake();
                int b = in.read();
                if (b >= 0) {
                    out.write(b);
                    out.flush();
                }
            } else {
                // Read the ClientHello first: closing with unread data would reset the connection.
                in.read(new byte[4096]);
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                connection.shutdownOutput();
                while (in.read(new byte[4096]) >= 0) {
                    // drain until the client closes
                }
            }
        } catch (IOException e) {
            // handshake rejected by the client, or the client went away: expected in these tests
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        executor.shutdownNow();
    }
}
