package org.secretdesk.reliability;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A deliberately dumb HTTP/1.1-over-TLS client for hostile requests: it writes exactly the bytes it is given
 * (control characters in headers, duplicated headers, invalid UTF-8 in the target, oversized headers), which
 * java.net.http refuses to send. It keeps one connection alive and reconnects when the server closed it. It
 * trusts only the gateway's CA and checks the host name, like any real client.
 */
final class RawHttps implements Closeable {

    /** One answer. Header names are lower-case. */
    record Response(int status, Map<String, List<String>> headers, byte[] body, long nanos) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.getFirst();
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;
    private final Supplier<X509Certificate> ca;
    private final int timeoutMillis;
    private SSLSocket socket;
    private InputStream in;
    private OutputStream out;
    private boolean inFlight;
    /** The head of the previous exchange on this connection and its answer's status line, for a failure message. */
    private String previous = "(none)";

    RawHttps(String host, int port, Supplier<X509Certificate> ca, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.ca = ca;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Sends {@code request} (a complete HTTP/1.1 message) and reads one response. The bytes are written by a
     * second thread while this one reads, as real clients do: a server may answer (413, 414, 431) and close before
     * it has read everything, and that answer must still be seen.
     */
    Response exchange(byte[] request, boolean head) throws IOException {
        long start = System.nanoTime();
        if (inFlight) {
            close(); // the last exchange was cut off (an assertion, a timeout): its answer may still be unread
        }
        inFlight = true;
        boolean fresh = ensureOpen();
        if (fresh) {
            previous = "(none: a new connection)";
        }
        Response r;
        try {
            r = writeAndRead(request, head, start);
        } catch (IOException e) {
            close();
            if (fresh || e instanceof SocketTimeoutException) {
                throw e;
            }
            // The kept-alive connection had been closed by the server before we wrote: once more on a new one.
            previous = previous + "; this one failed there (" + e + ") and was retried on a new connection";
            ensureOpen();
            r = writeAndRead(request, head, start);
        }
        inFlight = false;
        previous = head(request) + " -> " + r.status() + " (" + r.headers().getOrDefault("connection", List.of())
                + ", " + r.body().length + " body bytes)";
        return r;
    }

    /** What was sent before on this connection (request line and header names; no values, no body). */
    String previousExchange() {
        return previous;
    }

    private static String head(byte[] request) {
        String text = new String(request, 0, Math.min(request.length, 16 * 1024), StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = (end < 0 ? text : text.substring(0, end)).split("\r\n");
        StringBuilder sb = new StringBuilder(lines[0].length() > 120 ? lines[0].substring(0, 120) + "…" : lines[0]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = colon < 0 ? lines[i] : lines[i].substring(0, colon);
            // Expect and Transfer-Encoding change how a body is framed: their values matter and hold no credential.
            boolean framing = name.equalsIgnoreCase("expect") || name.equalsIgnoreCase("transfer-encoding")
                    || name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("content-encoding");
            sb.append(" | ").append(framing ? lines[i] : name);
        }
        return sb.toString();
    }

    private Response writeAndRead(byte[] request, boolean head, long start) throws IOException {
        OutputStream o = out;
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                o.write(request);
                o.flush();
            } catch (IOException e) {
                // the server closed early; its answer (if any) is read below
            }
        });
        try {
            return read(head, start);
        } finally {
            try {
                writer.join(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (writer.isAlive()) {
                close();
            }
        }
    }

    private boolean ensureOpen() throws IOException {
        if (socket != null && !socket.isClosed()) {
            return false;
        }
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("gateway-ca", ca.get());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            socket = (SSLSocket) ctx.getSocketFactory().createSocket(host, port);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        SSLParameters p = socket.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(p);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        in = new java.io.BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = new java.io.BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        return true;
    }

    private Response read(boolean head, long start) throws IOException {
        int status;
        Map<String, List<String>> headers;
        do { // interim answers (100 Continue) come before the real one
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("Not an HTTP status line: " + statusLine);
            }
            status = Integer.parseInt(parts[1]);
            headers = new LinkedHashMap<>();
            for (String l = line(); !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(l.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).add(l.substring(colon + 1).strip());
                }
            }
        } while (status / 100 == 1 && status != 101);
        byte[] body;
        String te = first(headers, "transfer-encoding");
        String cl = first(headers, "content-length");
        if (head || status == 204 || status == 304) {
            body = new byte[0];
        } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked();
        } else if (cl != null) {
            body = in.readNBytes(Integer.parseInt(cl));
        } else {
            body = in.readAllBytes();
            close();
        }
        String connection = first(headers, "connection");
        if (connection != null && connection.equalsIgnoreCase("close")) {
            close();
        }
        return new Response(status, headers, body, System.nanoTime() - start);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return buf.toByteArray();
            }
            buf.write(in.readNBytes(n));
            line();
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed mid-response");
            }
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                buf.write(b);
            }
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }
}
