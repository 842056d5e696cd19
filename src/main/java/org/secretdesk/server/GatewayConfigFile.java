package org.secretdesk.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.secretdesk.model.IsoDurations;
import org.secretdesk.model.Validation;

/**
 * Reads a gateway's JSON configuration file on top of a base {@link GatewayConfig}: every field present in the
 * file replaces the base value, absent (or null) fields keep it.
 *
 * <pre>{@code
 * {"bind":"0.0.0.0","port":8443,"maxSecretsPerApplication":10,"schedulerInterval":"PT1H","tokenLifetime":"PT1H",
 *  "adminKeys":[{"name":"ci","role":"viewer","keyFile":"ci.key"},{"name":"ops","role":"admin","sha256":"<hex>"}],
 *  "database":{"url":"jdbc:postgresql://db/secretdesk","user":"sd","passwordFile":"db.password"},
 *  "clusterKeyFile":"cluster.key","tlsNames":["gateway.example.com"],"publicUrl":"https://gateway.example.com"}
 * }</pre>
 *
 * <p>Unknown fields are refused so that a typo never silently falls back to a default. A plaintext admin key or
 * database password is never accepted in the file: keys come from a {@code keyFile} (or only their SHA-256 hash is
 * given) and the database password from a {@code passwordFile}. Relative file paths are resolved against the
 * folder of the configuration file. Error messages name the field and never repeat a value that could be a
 * secret (the parser's own messages are not passed on for that reason).
 */
public final class GatewayConfigFile {

    private static final Set<String> TOP_FIELDS = Set.of("bind", "port", "maxSecretsPerApplication",
            "schedulerInterval", "tokenLifetime", "adminKeys", "database", "clusterKeyFile", "tlsNames", "publicUrl",
            "tokenAudience");
    private static final Set<String> KEY_FIELDS = Set.of("name", "role", "keyFile", "sha256");
    private static final Set<String> DATABASE_FIELDS = Set.of("url", "user", "passwordFile");
    /** Field names people use for a plaintext value; refused with a message that says what to use instead. */
    private static final Set<String> PLAINTEXT_KEY_FIELDS = Set.of("key", "apikey", "api_key", "value", "secret",
            "token", "plaintext");
    private static final Set<String> PLAINTEXT_PASSWORD_FIELDS = Set.of("password", "pass", "secret");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    /** The generated key in {@code dataDir/admin.key} has this name; a second key with it would blur the audit. */
    static final String GENERATED_KEY_NAME = "admin";
    private static final long MAX_FILE_BYTES = 1024 * 1024;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private GatewayConfigFile() {
    }

    /** The file could not be read or is not a valid configuration. The message names the file and the field. */
    public static final class ConfigFileException extends Exception {
        public ConfigFileException(String message) {
            super(message);
        }
    }

    /**
     * @param file the JSON file
     * @param base the values the file overrides (usually {@link GatewayConfig#defaults(Path)})
     * @return {@code base} with the file's values applied
     */
    public static GatewayConfig load(Path file, GatewayConfig base) throws ConfigFileException {
        Path absolute = file.toAbsolutePath().normalize();
        Reader reader = new Reader(absolute);
        JsonNode root = reader.parse();
        return reader.apply(root, base);
    }

    /** One load: knows the file for messages and for resolving relative paths. */
    private record Reader(Path file) {

        JsonNode parse() throws ConfigFileException {
            try {
                if (Files.size(file) > MAX_FILE_BYTES) {
                    throw fail("is larger than 1 MiB");
                }
                JsonNode root;
                try (InputStream in = Files.newInputStream(file)) {
                    root = MAPPER.readTree(in);
                }
                if (root == null || root.isMissingNode()) {
                    throw fail("is empty; it must contain a JSON object");
                }
                if (!root.isObject()) {
                    throw fail("must contain a JSON object");
                }
                return root;
            } catch (NoSuchFileException e) {
                throw fail("does not exist");
            } catch (JsonProcessingException e) {
                var where = e.getLocation();
                String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
                String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                        ? "has a duplicate field" : "is not valid JSON";
                throw fail(what + at);
            } catch (IOException e) {
                throw fail("cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }

        GatewayConfig apply(JsonNode root, GatewayConfig base) throws ConfigFileException {
            checkFields(root, "", TOP_FIELDS, PLAINTEXT_KEY_FIELDS,
                    "a plaintext admin key is not accepted in the configuration file; use \"adminKeys\" with a"
                            + " \"keyFile\" or a \"sha256\"");
            GatewayConfig config = base;
            try {
                String bind = text(root, "bind");
                if (bind != null) {
                    if (bind.isBlank()) {
                        throw fail("\"bind\" must not be empty");
                    }
                    config = config.withBind(bind.strip());
                }
                Integer port = integer(root, "port");
                if (port != null) {
                    config = config.withPort(port);
                }
                Integer max = integer(root, "maxSecretsPerApplication");
                if (max != null) {
                    config = config.withMaxSecretsPerApplication(max);
                }
                Duration interval = duration(root, "schedulerInterval");
                if (interval != null) {
                    config = config.withSchedulerInterval(interval);
                }
                Duration lifetime = duration(root, "tokenLifetime");
                if (lifetime != null) {
                    config = config.withTokenLifetime(lifetime);
                }
                JsonNode keys = present(root, "adminKeys");
                if (keys != null) {
                    config = config.withAdminKeys(adminKeys(keys));
                }
                String clusterKey = text(root, "clusterKeyFile");
                if (clusterKey != null) {
                    config = config.withClusterKeyFile(existingFile(clusterKey, "clusterKeyFile"));
                }
                JsonNode names = present(root, "tlsNames");
                if (names != null) {
                    config = config.withTlsNames(tlsNames(names));
                }
                String publicUrl = text(root, "publicUrl");
                if (publicUrl != null) {
                    // GatewayConfig checks the form (absolute https, no query or fragment).
                    config = config.withPublicUrl(publicUrl);
                }
                String audience = text(root, "tokenAudience");
                if (audience != null) {
                    config = config.withTokenAudience(audience);
                }
                JsonNode database = present(root, "database");
                if (database != null) {
                    config = database(database, config);
                }
            } catch (IllegalArgumentException e) {
                // GatewayConfig's own range checks; their messages name the field and carry no secret.
                throw fail(e.getMessage());
            }
            return config;
        }

        private List<AdminKeySpec> adminKeys(JsonNode keys) throws ConfigFileException {
            if (!keys.isArray()) {
                throw fail("\"adminKeys\" must be a list of objects");
            }
            List<AdminKeySpec> specs = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                String where = "adminKeys[" + i + "]";
                JsonNode key = keys.get(i);
                if (!key.isObject()) {
                    throw fail("\"" + where + "\" must be an object");
                }
                checkFields(key, where + ".", KEY_FIELDS, PLAINTEXT_KEY_FIELDS,
                        "a plaintext admin key is not accepted in the configuration file; put the key in a file and"
                                + " name it in \"keyFile\", or give only its \"sha256\"");
                String name = required(key, where, "name");
                var nameProblem = Validation.checkLabel("The key name", name);
                if (nameProblem.isPresent()) {
                    throw fail("\"" + where + ".name\": " + nameProblem.get());
                }
                name = Validation.normalize(name);
                if (name.equals(GENERATED_KEY_NAME)) {
                    throw fail("\"" + where + ".name\": the name \"" + GENERATED_KEY_NAME
                            + "\" is reserved for the generated key in the data dir's admin.key");
                }
                if (!names.add(name)) {
                    throw fail("\"" + where + ".name\": another admin key is already named \"" + name + "\"");
                }
                AdminKeySpec.Role role = role(required(key, where, "role"), where);
                String keyFile = text(key, "keyFile", where + ".");
                String sha256 = text(key, "sha256", where + ".");
                if ((keyFile == null) == (sha256 == null)) {
                    throw fail("\"" + where + "\" (" + name + ") needs exactly one of \"keyFile\" or \"sha256\"");
                }
                Path keyPath = null;
                if (keyFile != null) {
                    keyPath = existingFile(keyFile, where + ".keyFile");
                }
                if (sha256 != null) {
                    // Never echo the value: someone may have pasted the key itself here.
                    if (!SHA256_HEX.matcher(sha256.strip()).matches()) {
                        throw fail("\"" + where + ".sha256\" (" + name
                                + ") must be the key's SHA-256 hash as 64 hexadecimal characters");
                    }
                    sha256 = sha256.strip().toLowerCase(Locale.ROOT);
                }
                specs.add(new AdminKeySpec(name, role, keyPath, sha256));
            }
            return specs;
        }

        private List<String> tlsNames(JsonNode names) throws ConfigFileException {
            if (!names.isArray()) {
                throw fail("\"tlsNames\" must be a list of host names or IP addresses");
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                JsonNode n = names.get(i);
                if (!n.isTextual() || !n.textValue().strip().matches("[A-Za-z0-9.*:\\[\\]-]{1,253}")) {
                    throw fail("\"tlsNames[" + i + "]\" must be a host name or IP address");
                }
                out.add(n.textValue().strip());
            }
            return out;
        }

        private GatewayConfig database(JsonNode database, GatewayConfig config) throws ConfigFileException {
            if (!database.isObject()) {
                throw fail("\"database\" must be an object");
            }
            checkFields(database, "database.", DATABASE_FIELDS, PLAINTEXT_PASSWORD_FIELDS,
                    "a plaintext database password is not accepted in the configuration file; put it in a file and"
                            + " name it in \"passwordFile\"");
            String url = required(database, "database", "url");
            if (!url.startsWith("jdbc:")) {
                throw fail("\"database.url\" must be a JDBC URL (jdbc:postgresql://HOST/DB)");
            }
            String user = text(database, "user", "database.");
            String passwordFile = text(database, "passwordFile", "database.");
            Path passwordPath = passwordFile == null ? null : existingFile(passwordFile, "database.passwordFile");
            return config.withDatabase(url, user, passwordPath);
        }

        private AdminKeySpec.Role role(String value, String where) throws ConfigFileException {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "admin" -> AdminKeySpec.Role.ADMIN;
                case "viewer" -> AdminKeySpec.Role.VIEWER;
                default -> throw fail("\"" + where + ".role\" must be \"admin\" or \"viewer\"");
            };
        }

        /** A file named in the configuration: relative to the configuration file's folder, and it must exist. */
        private Path existingFile(String value, String field) throws ConfigFileException {
            if (value.isBlank()) {
                throw fail("\"" + field + "\" must not be empty");
            }
            Path path = file.getParent().resolve(value.strip()).normalize();
            if (!Files.isRegularFile(path)) {
                throw fail("\"" + field + "\": " + path + " does not exist or is not a file");
            }
            if (!Files.isReadable(path)) {
                throw fail("\"" + field + "\": " + path + " is not readable");
            }
            return path;
        }

        private void checkFields(JsonNode object, String prefix, Set<String> known, Set<String> plaintextNames,
                                 String plaintextMessage) throws ConfigFileException {
            Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
            while (fields.hasNext()) {
                String name = fields.next().getKey();
                if (known.contains(name)) {
                    continue;
                }
                if (plaintextNames.contains(name.toLowerCase(Locale.ROOT))) {
                    throw fail("field \"" + prefix + name + "\": " + plaintextMessage);
                }
                throw fail("unknown field \"" + prefix + name + "\" (known fields: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }

        private static JsonNode present(JsonNode object, String field) {
            JsonNode node = object.get(field);
            return node == null || node.isNull() ? null : node;
        }

        private String text(JsonNode object, String field) throws ConfigFileException {
            return text(object, field, "");
        }

        private String text(JsonNode object, String field, String prefix) throws ConfigFileException {
            JsonNode node = present(object, field);
            if (node == null) {
                return null;
            }
            if (!node.isTextual()) {
                throw fail("\"" + prefix + field + "\" must be a string");
            }
            return node.textValue();
        }

        private String required(JsonNode object, String where, String field) throws ConfigFileException {
            String value = text(object, field, where + ".");
            if (value == null || value.isBlank()) {
                throw fail("\"" + where + "\" needs a \"" + field + "\"");
            }
            return value;
        }

        private Integer integer(JsonNode object, String field) throws ConfigFileException {
            JsonNode node = present(object, field);
            if (node == null) {
                return null;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw fail("\"" + field + "\" must be a whole number");
            }
            return node.intValue();
        }

        private Duration duration(JsonNode object, String field) throws ConfigFileException {
            String value = text(object, field);
            if (value == null) {
                return null;
            }
            return IsoDurations.parse(value).orElseThrow(() -> fail("\"" + field + "\" must be an ISO-8601 duration"
                    + " such as PT1H or P1D, not \"" + value + "\""));
        }

        private ConfigFileException fail(String problem) {
            return new ConfigFileException("Configuration file " + file + ": " + problem);
        }
    }
}
