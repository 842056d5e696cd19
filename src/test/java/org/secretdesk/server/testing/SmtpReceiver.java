package org.secretdesk.server.testing;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server in the test JVM (SubEthaSMTP) that, like a submission server, requires STARTTLS (its own CA)
 * and authentication before it takes a message, and keeps each message delivered (one per recipient) parsed with
 * Jakarta Mail.
 */
public final class SmtpReceiver implements AutoCloseable {

    /** A message as one recipient got it. */
    public record Mail(String from, String recipient, MimeMessage message, byte[] raw) {
    }

    private final SMTPServer server;
    private final Recording<Mail> mails = new Recording<>();
    private final AtomicInteger failedLogins = new AtomicInteger();

    public SmtpReceiver(ReceiverTls tls, String user, String password) {
        server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("localhost")
                .enableTLS().requireTLS().requireAuth()
                .startTlsSocketFactory(tls.serverContext())
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((u, p, ctx) -> {
                    if (!user.equals(u) || !password.equals(p)) {
                        failedLogins.incrementAndGet();
                        throw new LoginFailedException();
                    }
                }))
                .simpleMessageListener(new SimpleMessageListener() {
                    @Override
                    public boolean accept(String from, String recipient) {
                        return true;
                    }

                    @Override
                    public void deliver(String from, String recipient, InputStream data) throws IOException {
                        byte[] raw = data.readAllBytes();
                        try {
                            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
                                    new ByteArrayInputStream(raw));
                            mails.add(new Mail(from, recipient, m, raw));
                        } catch (jakarta.mail.MessagingException e) {
                            throw new IOException(e);
                        }
                    }
                }).build();
        server.start();
    }

    public int port() {
        return server.getPortAllocated();
    }

    public int failedLogins() {
        return failedLogins.get();
    }

    public List<Mail> mails() {
        return mails.all();
    }

    public Mail await(Predicate<Mail> match, Duration timeout) throws InterruptedException {
        return mails.await(match, timeout);
    }

    @Override
    public void close() {
        server.stop();
    }
}
