package org.secretdesk.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.desk.connections.TestTlsServer;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.server.testing.GatewayFixture;

/**
 * A TCP proxy between a client and a gateway that injects network faults. Passing modes leave TLS untouched:
 * {@code PASS}; {@code STALL} (accept, read, never answer); {@code TRUNCATE} (the first 200 bytes of the gateway's
 * stream, then end of stream); lost answers ({@link #loseNextAnswers}: the request reaches the gateway and is
 * processed, its answer is thrown away and the client's connection reset). {@code REFUSE} closes the listening
 * socket, so connecting is refused (the port is bound again when the mode changes). The answering modes end TLS
 * in the proxy itself, with a certificate of the proxy's own CA ({@link #caCertificate()}, which the client must
 * trust besides the gateway's), and answer every request: {@code ANSWER_500}, {@code GARBAGE_JSON} (200 with a
 * body that is not JSON), {@code TRUNCATED_BODY} (a Content-Length larger than the bytes sent, then close) and
 * {@code RESET_MID_RESPONSE} (status line, headers and part of the body, then a TCP reset). Plain sockets, one
 * virtual thread per direction.
 */
final class FaultProxy implements AutoCloseable {

    enum Mode { PASS, STALL, TRUNCATE, REFUSE, ANSWER_500, GARBAGE_JSON, TRUNCATED_BODY, RESET_MID_RESPONSE }

    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** Connections chosen to lose their next answer: they sent a request while answers were to be lost. */
    private final Set<Socket> losing = ConcurrentHashMap.newKeySet();
    private final AtomicInteger answersToLose = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();
    private final CertificateAuthority ca;
    private final SSLContext tls;
    private volatile ServerSocket server;
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;

    FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.ca = CertificateAuthority.create("SecretDesk fault proxy", Duration.ofDays(30), Clock.systemUTC());
        this.tls = TestTlsServer.serverContext(ca.issueServerCertificate("localhost", List.of("localhost"),
                List.of("127.0.0.1"), Duration.ofDays(30), Clock.systemUTC()));
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = s.getLocalPort();
        listen(s);
    }

    int port() {
        return port;
    }

    /**
     * A client of {@code gw} through this proxy, trusting the gateway's CA and the proxy's, with short timeouts
     * (2 s connect, 1 s read: a stall is detected after a second instead of the default 15 s) and a 50 ms pause
     * before the retries of an issuing call.
     */
    SecretDeskClient fastClient(GatewayFixture gw) {
        return SecretDeskClient.builder(URI.create("https://localhost:" + port), SecretValue.copyOf(gw.adminKey()),
                        TlsTrust.of(List.of(gw.server().caCertificate(), ca.certificate())))
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(1))
                .retryBackoff(Duration.ofMillis(50)).build();
    }

    /** The proxy's own CA, for the answering modes, which end TLS in the proxy. */
    java.security.cert.X509Certificate caCertificate() {
        return ca.certificate();
    }

    synchronized void mode(Mode m) throws IOException {
        Mode was = mode;
        mode = m;
        dropAll();
        if (m == Mode.REFUSE && was != Mode.REFUSE) {
            server.close();
        } else if (m != Mode.REFUSE && was == Mode.REFUSE && !closed) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            listen(s);
        }
    }

    /**
     * The next {@code n} requests reach the gateway, and their answers are lost: the connection is reset when the
     * first byte of the answer arrives. A connection is chosen when it sends bytes, so an open event stream, which
     * only receives, is left alone (a new connection's TLS handshake counts as a request).
     */
    void loseNextAnswers(int n) {
        answersToLose.set(n);
    }

    int faultsInjected() {
        return faults.get();
    }

    /** Closes every open connection (clients see a reset on their pooled connections). */
    void dropAll() {
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
        losing.clear();
    }

    private void listen(ServerSocket s) {
        server = s;
        Thread.ofVirtual().start(() -> acceptLoop(s));
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                open.add(client);
                Mode m = mode;
                switch (m) {
                    case STALL -> {
                        faults.incrementAndGet();
                        Thread.ofVirtual().start(() -> drain(client)); // read everything, answer nothing
                    }
                    case ANSWER_500, GARBAGE_JSON, TRUNCATED_BODY, RESET_MID_RESPONSE ->
                            Thread.ofVirtual().start(() -> answer(client, m));
                    default -> {
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                        open.add(upstream);
                        Thread.ofVirtual().start(() -> pipe(client, upstream, client, false, m));
                        Thread.ofVirtual().start(() -> pipe(upstream, client, client, true, m));
                    }
                }
            } catch (IOException e) {
                // closed, or the gateway is down: the client sees its connection closed
            }
        }
    }

    private void pipe(Socket from, Socket to, Socket clientSide, boolean answer, Mode m) {
        byte[] buf = new byte[16 * 1024];
        long sent = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (!answer && !losing.contains(clientSide)
                        && answersToLose.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
                    losing.add(clientSide);
                }
                if (answer && losing.remove(clientSide)) {
                    faults.incrementAndGet();
                    to.setSoLinger(true, 0); // RST: the answer is gone, the request was processed
                    closeQuietly(to);
                    closeQuietly(from);
                    return;
                }
                if (answer && m == Mode.TRUNCATE && sent + n > 200) {
                    out.write(buf, 0, (int) Math.max(0, 200 - sent));
                    out.flush();
                    faults.incrementAndGet();
                    to.shutdownOutput();
                    closeQuietly(from);
                    return;
                }
                out.write(buf, 0, n);
                out.flush();
                sent += n;
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    /** Ends TLS here and answers every request on the connection according to {@code m}. */
    private void answer(Socket raw, Mode m) {
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(raw, null, raw.getPort(), true)) {
            s.setUseClientMode(false);
            open.add(s);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (readRequest(in)) {
                faults.incrementAndGet();
                switch (m) {
                    case ANSWER_500 -> respond(out, "500 Server Error", "application/problem+json",
                            "{\"type\":\"about:blank\",\"title\":\"Internal error\",\"status\":500,"
                                    + "\"code\":\"internal\",\"detail\":\"injected by the fault proxy\"}", 0);
                    case GARBAGE_JSON -> respond(out, "200 OK", "application/json",
                            "<html><body>\u0000\u00ff not json {[\"}</body></html>", 0);
                    case TRUNCATED_BODY -> {
                        respond(out, "200 OK", "application/json",
                                "{\"items\":[{\"id\":\"app_1\",\"name\":\"trunc", 4000);
                        return;
                    }
                    case RESET_MID_RESPONSE -> {
                        respond(out, "200 OK", "application/json", "{\"items\":[{\"id\":\"app_1\",\"na", 4000);
                        raw.setSoLinger(true, 0);
                        raw.close(); // RST, without TLS's close_notify
                        return;
                    }
                    default -> throw new IllegalStateException(m.toString());
                }
            }
        } catch (IOException e) {
            // the client gave up, or the handshake failed: next connection
        } finally {
            closeQuietly(raw);
        }
    }

    /** Reads one request (headers and a Content-Length body); false at end of stream. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        int b;
        while (state < 4 && (b = in.read()) >= 0) {
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
        if (state < 4) {
            return false;
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).strip());
            }
        }
        in.skipNBytes(length);
        return true;
    }

    /** Writes a response; {@code declaredLength} > 0 announces more body than is sent. */
    private static void respond(OutputStream out, String status, String type, String body, int declaredLength)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int length = declaredLength > 0 ? declaredLength : bytes.length;
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static void drain(Socket s) {
        try (InputStream in = s.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // closed
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        dropAll();
    }
}
