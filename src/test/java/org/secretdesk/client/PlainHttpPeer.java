package org.secretdesk.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-HTTP peer on loopback that behaves as real-world servers do and OkHttp's defaults do not expect:
 * answering HTTP/1.0 and closing, answering {@code Connection: close}, or closing a kept-alive connection after a
 * short idle time. It records every request it read whole, and can drop chosen requests unanswered.
 */
final class PlainHttpPeer implements AutoCloseable {

    enum Style {
        /** {@code HTTP/1.0 200}, with Content-Length, then the connection is closed. */
        HTTP_1_0,
        /** {@code HTTP/1.1 200} with {@code Connection: close}, then closed. */
        CONNECTION_CLOSE,
        /** HTTP/1.1 keep-alive, closed after {@code idleMillis} without a request ({@link #idleCloses}). */
        IDLE_CLOSE
    }

    private final ServerSocket server;
    private final Style style;
    private final int idleMillis;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> received = new CopyOnWriteArrayList<>();
    /** Released once for each kept-alive connection the peer closed for idleness. */
    final Semaphore idleCloses = new Semaphore(0);
    /** How many of the next requests with this method are read whole and then left unanswered (closed). */
    private final AtomicInteger dropNext = new AtomicInteger();
    private volatile String dropMethod = "";

    PlainHttpPeer(Style style, int idleMillis) throws IOException {
        this.style = style;
        this.idleMillis = idleMillis;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/";
    }

    /** The requests read whole so far, as "METHOD /path". */
    List<String> received() {
        return List.copyOf(received);
    }

    long count(String methodAndPath) {
        return received.stream().filter(methodAndPath::equals).count();
    }

    void dropNext(String method, int n) {
        dropMethod = method;
        dropNext.set(n);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                threads.submit(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            boolean first = true;
            while (true) {
                if (!first && style == Style.IDLE_CLOSE) {
                    socket.setSoTimeout(idleMillis);
                }
                String request;
                try {
                    request = readRequest(in);
                } catch (SocketTimeoutException idle) {
                    socket.close();
                    idleCloses.release();
                    return;
                }
                if (request == null) {
                    return;
                }
                first = false;
                socket.setSoTimeout(0);
                received.add(request);
                if (request.startsWith(dropMethod + " ") && dropNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    return; // read whole, never answered
                }
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII);
                String head = switch (style) {
                    case HTTP_1_0 -> "HTTP/1.0 200 OK\r\n";
                    case CONNECTION_CLOSE -> "HTTP/1.1 200 OK\r\nConnection: close\r\n";
                    case IDLE_CLOSE -> "HTTP/1.1 200 OK\r\n";
                };
                out.write((head + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                if (style != Style.IDLE_CLOSE) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** "METHOD /path" of the next request, its headers and body read whole; null at the end of the stream. */
    private static String readRequest(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null) {
            return null;
        }
        long length = 0;
        String header;
        while ((header = readLine(in)) != null && !header.isEmpty()) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(header.substring(15).strip());
            }
        }
        if (in.readNBytes((int) length).length < length) {
            return null;
        }
        String[] parts = line.split(" ");
        return parts[0] + " " + parts[1];
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
