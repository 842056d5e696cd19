package org.secretdesk.server.testing;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
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
    private final List<Mail> mails = new ArrayList<>();
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
                            synchronized (mails) {
                                mails.add(new Mail(from, recipient, m, raw));
                                mails.notifyAll();
                            }
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
        synchronized (mails) {
            return List.copyOf(mails);
        }
    }

    public Mail await(Predicate<Mail> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (mails) {
            while (true) {
                for (Mail m : mails) {
                    if (match.test(m)) {
                        return m;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("No matching mail within " + timeout + "; got "
                            + mails.stream().map(Mail::recipient).toList());
                }
                mails.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
