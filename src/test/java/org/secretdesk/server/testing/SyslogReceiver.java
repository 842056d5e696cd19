package org.secretdesk.server.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A syslog server over TCP or TLS in the test JVM: reads RFC 6587 octet-counted frames and parses each as an
 * RFC 5424 message (a frame that does not parse fails the test when asked for). What rsyslog's imtcp/imptcp
 * with octet counting would do with them, without needing the daemon installed.
 */
public final class SyslogReceiver implements AutoCloseable {

    /** HEADER: PRI VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID, then STRUCTURED-DATA and MSG. */
    private static final Pattern RFC5424 = Pattern.compile("<(\\d{1,3})>1 (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) "
            + "(-|(?:\\[[^\\]]*(?:\\\\.[^\\]]*)*\\])+)(?: (.*))?", Pattern.DOTALL);

    /** One message. */
    public record Message(int facility, int severity, String timestamp, String hostname, String appName,
                          String procId, String msgId, String structuredData, String msg) {
    }

    private final ServerSocket socket;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Recording<Message> messages = new Recording<>();
    private final Recording<String> unparsed = new Recording<>();

    private SyslogReceiver(ServerSocket socket) {
        this.socket = socket;
        executor.submit(this::accept);
    }

    public static SyslogReceiver tcp() {
        try {
            return new SyslogReceiver(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SyslogReceiver tls(SSLContext context) {
        try {
            return new SyslogReceiver(context.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                executor.submit(() -> read(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream())) {
            while (true) {
                int length = 0;
                int b;
                while ((b = in.read()) != ' ') {
                    if (b < 0) {
                        return;
                    }
                    if (b < '0' || b > '9') {
                        record(null, "not octet-counted");
                        return;
                    }
                    length = length * 10 + (b - '0');
                }
                byte[] frame = in.readNBytes(length);
                record(new String(frame, StandardCharsets.UTF_8), null);
            }
        } catch (IOException e) {
            // the sender closed the connection
        }
    }

    private void record(String frame, String problem) {
        Matcher m = frame == null ? null : RFC5424.matcher(frame);
        if (m == null || !m.matches()) {
            unparsed.add(problem != null ? problem : frame);
            return;
        }
        int pri = Integer.parseInt(m.group(1));
        String msg = m.group(8) == null ? "" : m.group(8);
        if (msg.startsWith("\uFEFF")) {
            msg = msg.substring(1);
        }
        messages.add(new Message(pri / 8, pri % 8, m.group(2), m.group(3), m.group(4), m.group(5), m.group(6),
                m.group(7), msg));
    }

    public List<Message> messages() {
        return messages.all();
    }

    /** Frames that were not RFC 5424 (none expected). */
    public List<String> unparsed() {
        return unparsed.all();
    }

    public Message await(Predicate<Message> match, Duration timeout) throws InterruptedException {
        return messages.await(match, timeout);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        executor.shutdownNow();
    }
}
