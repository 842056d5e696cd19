package org.secretdesk.desk.ca;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The DataMiner client set-up files (connectors.md): {@code MessageBrokerConfig.json}, which tells a client
 * where BrokerGateway hands out NATS credentials and where its client-secret file is:
 * {@code {"BrokerGatewayConfig":{"CredentialsUrl":"https://<FQDN>/BrokerGateway/api/natsconnection/getnatsconnectiondetails","APIKeyPath":"<path>"}}}.
 */
public final class DataMinerBundle {

    public static final String CONFIG_FILE_NAME = "MessageBrokerConfig.json";
    public static final String CLIENT_SECRET_FILE_NAME = "client-secret.json";
    /** Where DataMiner clients look for the client-secret file by default. */
    public static final String DEFAULT_API_KEY_PATH =
            "C:\\ProgramData\\Skyline Communications\\DataMiner\\" + CLIENT_SECRET_FILE_NAME;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DataMinerBundle() {
    }

    public static String credentialsUrl(String fqdn) {
        return "https://" + fqdn.strip() + "/BrokerGateway/api/natsconnection/getnatsconnectiondetails";
    }

    /** The file's content, compact as documented, with the path JSON-escaped (Windows backslashes). */
    public static byte[] messageBrokerConfig(String fqdn, String apiKeyPath) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode config = root.putObject("BrokerGatewayConfig");
        config.put("CredentialsUrl", credentialsUrl(fqdn));
        config.put("APIKeyPath", apiKeyPath.strip());
        try {
            return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A host name such as {@code dma01.example.com}: letters, digits, dots and hyphens, optional port. */
    public static Optional<String> checkFqdn(String fqdn) {
        String f = fqdn == null ? "" : fqdn.strip();
        if (f.isEmpty()) {
            return Optional.of("Enter the DataMiner agent's fully qualified host name, e.g. dma01.example.com.");
        }
        if (!f.matches("(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?")) {
            return Optional.of("Enter only the host name (e.g. dma01.example.com), without https:// or a path.");
        }
        return Optional.empty();
    }

    public static Optional<String> checkApiKeyPath(String path) {
        if (path == null || path.isBlank()) {
            return Optional.of("Enter where the client-secret file will be on the client machine.");
        }
        return Optional.empty();
    }
}
