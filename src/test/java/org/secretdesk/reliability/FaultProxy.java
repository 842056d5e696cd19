package org.secretdesk.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between a client and a gateway that injects network faults: refuse (stopped), stall (accept and
 * never answer), lose answers (the gateway's answer is thrown away and the client's connection reset, so the
 * request was processed but the client never learns the result), and truncate answers (the first bytes, then
 * end of stream). TLS passes through untouched. Plain sockets, one virtual thread per direction.
 */
final class FaultProxy implements AutoCloseable {

    enum Mode { PASS, STALL, TRUNCATE }

    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger answersToLose = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();
    private volatile Mode mode = Mode.PASS;

    FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    void mode(Mode m) {
        mode = m;
        dropAll();
    }

    /** The next {@code n} answers from the gateway are lost (connection reset before the client reads them). */
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
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Mode m = mode;
                if (m == Mode.STALL) {
                    faults.incrementAndGet();
                    Thread.ofVirtual().start(() -> drain(client)); // read everything, answer nothing
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(upstream);
                Thread.ofVirtual().start(() -> pipe(client, upstream, false, m));
                Thread.ofVirtual().start(() -> pipe(upstream, client, true, m));
            } catch (IOException e) {
                // closed, or the gateway is down: the client sees its connection closed
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean answer, Mode m) {
        byte[] buf = new byte[16 * 1024];
        long sent = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (answer && answersToLose.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
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
        server.close();
        dropAll();
    }
}
