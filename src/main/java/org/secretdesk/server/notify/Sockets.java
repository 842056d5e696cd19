package org.secretdesk.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** The TCP and TLS connections of the SMTP and syslog senders, and what their failures are called. */
final class Sockets {

    private Sockets() {
    }

    /** A connection to {@code host:port} with {@link Sender#TIMEOUT} for the connect and each read. */
    static Socket connect(String host, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) Sender.TIMEOUT.toMillis());
            s.setSoTimeout((int) Sender.TIMEOUT.toMillis());
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** TLS over {@code plain}, the certificate and the host name checked, the handshake done. */
    static SSLSocket tls(JsonNode settings, Socket plain, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) ChannelSettings.socketFactory(settings).createSocket(plain, host, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    /** A failed connection or exchange in words for the deliveries record. */
    static Sender.DeliveryException failure(IOException e, String host, int port) {
        return new Sender.DeliveryException(switch (e) {
            case ConnectException c -> "Could not connect to " + host + ":" + port + " (connection refused)";
            case SocketTimeoutException t -> host + ":" + port + " did not answer in time";
            case UnknownHostException u -> "Unknown host " + host;
            case SSLException s -> "TLS with " + host + " failed: " + s.getMessage();
            default -> "Sending to " + host + ":" + port + " failed: " + e;
        });
    }
}
