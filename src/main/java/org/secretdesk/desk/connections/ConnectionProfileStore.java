package org.secretdesk.desk.connections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code profiles.json} in the per-user data directory:
 * {@code {"schemaVersion":2,"profiles":[…],"lastSelected":"<id>"}}; schema 2 added each profile's
 * kind-specific {@code "settings"} (user, realm, Gravitee domain…), and files of schema 1 are still read. Never
 * contains a credential. A file this
 * version cannot read (corrupt, or written by a newer version) is moved aside as
 * {@code profiles.json.bak-<timestamp>} and the load result says so: profiles are never silently dropped.
 */
public final class ConnectionProfileStore {

    public static final String FILE_NAME = "profiles.json";
    public static final int SCHEMA_VERSION = 2;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ConnectionProfileStore(Path dataDir, Clock clock) {
        this.file = dataDir.resolve(FILE_NAME);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param lastSelected the id of the profile selected last, or null
     * @param warning      a sentence for the operator when the file had to be set aside, else null
     */
    public record Loaded(List<ConnectionProfile> profiles, String lastSelected, String warning) {
        public Loaded {
            profiles = List.copyOf(profiles);
        }
    }

    public Path file() {
        return file;
    }

    public Loaded load() {
        if (!Files.exists(file)) {
            return new Loaded(List.of(), null, null);
        }
        JsonNode root;
        try {
            root = json.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            return setAside("it is not valid JSON");
        } catch (IOException e) {
            return setAside("it could not be read (" + e.getClass().getSimpleName() + ")");
        }
        if (!(root instanceof ObjectNode obj)) {
            return setAside("it is not a JSON object");
        }
        JsonNode schemaNode = obj.get("schemaVersion");
        if (schemaNode == null || !schemaNode.canConvertToInt()) {
            return setAside("its schema version is missing");
        }
        int schema = schemaNode.asInt();
        if (schema > SCHEMA_VERSION) {
            return setAside("it was written by a newer version of SecretDesk (schema " + schema + ")");
        }
        if (schema < 1) {
            return setAside("its schema version " + schema + " is not supported");
        }
        List<ConnectionProfile> profiles = new ArrayList<>();
        JsonNode list = obj.path("profiles");
        if (!list.isArray()) {
            return setAside("it has no list of profiles");
        }
        for (JsonNode p : list) {
            try {
                profiles.add(new ConnectionProfile(
                        text(p, "id", true), text(p, "name", true),
                        GatewayKind.valueOf(text(p, "kind", true)), text(p, "url", true),
                        text(p, "pinnedCaSha256", false), text(p, "pinnedCaPem", false), settings(p.get("settings"))));
            } catch (IllegalArgumentException | NullPointerException e) {
                return setAside("a profile in it is incomplete or invalid");
            }
        }
        String last = obj.path("lastSelected").isTextual() ? obj.get("lastSelected").asText() : null;
        return new Loaded(profiles, last, null);
    }

    /** Writes atomically: a temporary file next to it, then a move, so a crash never leaves half a file. */
    public void save(List<ConnectionProfile> profiles, String lastSelected) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        ArrayNode list = root.putArray("profiles");
        for (ConnectionProfile p : profiles) {
            ObjectNode o = list.addObject();
            o.put("id", p.id());
            o.put("name", p.name());
            o.put("kind", p.kind().name());
            o.put("url", p.url());
            if (p.pinned()) {
                o.put("pinnedCaSha256", p.pinnedCaSha256());
                o.put("pinnedCaPem", p.pinnedCaPem());
            }
            if (!p.settings().isEmpty()) {
                ObjectNode s = o.putObject("settings");
                GatewaySettings g = p.settings();
                putIfSet(s, "user", g.user());
                putIfSet(s, "realm", g.realm());
                putIfSet(s, "adminRealm", g.adminRealm());
                putIfSet(s, "organization", g.organization());
                putIfSet(s, "environment", g.environment());
                putIfSet(s, "domain", g.domain());
            }
        }
        if (lastSelected == null) {
            root.putNull("lastSelected");
        } else {
            root.put("lastSelected", lastSelected);
        }
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + FILE_NAME + ".", ".tmp");
        try {
            json.writeValue(tmp.toFile(), root);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** The kind's own fields; absent in schema 1 files. */
    private static GatewaySettings settings(JsonNode s) {
        if (s == null || s.isNull()) {
            return GatewaySettings.NONE;
        }
        if (!s.isObject()) {
            throw new IllegalArgumentException("settings is not an object");
        }
        return new GatewaySettings(text(s, "user", false), text(s, "realm", false), text(s, "adminRealm", false),
                text(s, "organization", false), text(s, "environment", false), text(s, "domain", false));
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " is not text");
        }
        return v.asText();
    }

    private Loaded setAside(String why) {
        Path backup = file.resolveSibling(FILE_NAME + ".bak-" + STAMP.format(clock.instant()));
        for (int n = 2; Files.exists(backup); n++) {
            backup = file.resolveSibling(FILE_NAME + ".bak-" + STAMP.format(clock.instant()) + "-" + n);
        }
        try {
            Files.move(file, backup);
            return new Loaded(List.of(), null, "Your saved connections could not be read because " + why
                    + ". The file was kept as " + backup.getFileName() + "; add the connections again or restore it.");
        } catch (IOException e) {
            return new Loaded(List.of(), null, "Your saved connections could not be read because " + why
                    + ", and the file could not be moved aside (" + e.getClass().getSimpleName() + "). It was left"
                    + " as it is; changes to connections will not be saved until it is fixed.");
        }
    }
}
