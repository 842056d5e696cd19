package org.secretdesk.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.secretdesk.model.Owners;
import org.secretdesk.server.Randoms;

/**
 * SMTP submission (RFC 6409): STARTTLS on the submission port (587) or implicit TLS (465), the server's certificate
 * and host name checked, then {@code AUTH PLAIN} when the channel has a username. Nothing is sent in clear: a
 * server that does not offer STARTTLS is refused. The message is multipart/alternative with a plain-text and an
 * HTML body saying what happened, what to do and where (a link to the console or the gateway).
 */
final class EmailSender implements Sender {

    private final java.time.Clock clock;

    EmailSender(java.time.Clock clock) {
        this.clock = clock;
    }

    @Override
    public void send(ObjectNode settings, JsonNode event, String payload, byte[] credential)
            throws DeliveryException {
        String host = settings.path("host").asText();
        int port = settings.path("port").asInt();
        List<String> to = ChannelOutbox.recipients(settings, owners(event));
        if (to.isEmpty()) {
            throw new DeliveryException("No recipients: the channel lists none and the application has no owners");
        }
        try (Socket plain = Sockets.connect(host, port)) {
            Conversation smtp;
            if ("TLS".equals(settings.path("security").asText())) {
                smtp = new Conversation(Sockets.tls(settings, plain, host, port));
                smtp.expect("greeting", 220);
                smtp.ehlo();
            } else {
                smtp = new Conversation(plain);
                smtp.expect("greeting", 220);
                String features = smtp.ehlo();
                if (!features.toUpperCase(java.util.Locale.ROOT).contains("STARTTLS")) {
                    throw new DeliveryException("The SMTP server " + host + ":" + port + " does not offer STARTTLS; "
                            + "the gateway never sends mail or passwords in clear");
                }
                smtp.command("STARTTLS", "STARTTLS", 220);
                smtp = new Conversation(Sockets.tls(settings, plain, host, port));
                smtp.ehlo();
            }
            if (settings.hasNonNull("username")) {
                smtp.command(authPlain(settings.path("username").asText(), credential), "AUTH", 235);
            }
            smtp.command("MAIL FROM:<" + settings.path("from").asText() + ">", "MAIL FROM", 250);
            for (String r : to) {
                smtp.command("RCPT TO:<" + r + ">", "RCPT TO", 250, 251);
            }
            smtp.command("DATA", "DATA", 354);
            smtp.data(EmailMessage.of(settings, event, to, ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)
                    .format(DateTimeFormatter.RFC_1123_DATE_TIME)));
            smtp.expect("the message", 250);
            smtp.command("QUIT", "QUIT", 221);
        } catch (IOException e) {
            throw Sockets.failure(e, host, port);
        }
    }

    private static Owners owners(JsonNode event) {
        JsonNode o = event.path("application").path("owners");
        return new Owners(ChannelSettings.strings(o.path("emails")), o.path("team").asText(null));
    }

    /** {@code AUTH PLAIN} with the credentials in base64 (RFC 4616); the password's bytes are wiped after. */
    private static String authPlain(String user, byte[] password) {
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[u.length + password.length + 2];
        System.arraycopy(u, 0, all, 1, u.length);
        System.arraycopy(password, 0, all, u.length + 2, password.length);
        try {
            return "AUTH PLAIN " + Base64.getEncoder().encodeToString(all);
        } finally {
            Arrays.fill(all, (byte) 0);
        }
    }

    /** One SMTP session's commands and replies. Errors name the command and the reply code, never an argument. */
    private static final class Conversation {
        private final BufferedReader in;
        private final OutputStream out;

        Conversation(Socket socket) throws IOException {
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            this.out = socket.getOutputStream();
        }

        String ehlo() throws IOException, DeliveryException {
            return command("EHLO " + EHLO_NAME, "EHLO", 250);
        }

        String command(String line, String name, int... ok) throws IOException, DeliveryException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return expect(name, ok);
        }

        void data(String message) throws IOException {
            StringBuilder b = new StringBuilder();
            for (String l : message.split("\r\n", -1)) {
                b.append(l.startsWith(".") ? "." + l : l).append("\r\n");
            }
            b.append(".\r\n");
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(b));
            out.write(bytes.array(), 0, bytes.limit());
            out.flush();
        }

        /** Reads a (multi-line) reply; returns its text when its code is one of {@code ok}. */
        String expect(String name, int... ok) throws IOException, DeliveryException {
            StringBuilder text = new StringBuilder();
            String line;
            do {
                line = in.readLine();
                if (line == null || line.length() < 3) {
                    throw new DeliveryException("The SMTP server closed the connection after " + name);
                }
                text.append(line).append('\n');
            } while (line.length() > 3 && line.charAt(3) == '-');
            int code;
            try {
                code = Integer.parseInt(line.substring(0, 3));
            } catch (NumberFormatException e) {
                throw new DeliveryException("The SMTP server's reply to " + name + " is not SMTP");
            }
            for (int c : ok) {
                if (c == code) {
                    return text.toString();
                }
            }
            throw new DeliveryException("The SMTP server answered " + code + " to " + name);
        }
    }

    private static final String EHLO_NAME = "secretdesk-" + Randoms.id("", 6).toLowerCase(java.util.Locale.ROOT);
}
