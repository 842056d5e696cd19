package org.secretdesk.ui.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reads and writes {@code preferences.json} in the data directory. A file this version cannot read is moved
 * aside (never silently dropped) and the reason is reported so the UI can say so.
 */
public final class PreferencesStore {

    public static final String FILE_NAME = "preferences.json";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Clock clock;
    /** Shared (an ObjectMapper is thread-safe once configured) so that {@link #warmUp()} fills the caches used. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    public PreferencesStore(Path dataDir, Clock clock) {
        this.file = dataDir.resolve(FILE_NAME);
        this.clock = clock;
    }

    /** What was loaded, and a sentence for the operator when the file had to be set aside (else null). */
    public record Loaded(ConsolePreferences preferences, String problem) {
    }

    /**
     * Sets up the JSON mapping of the preferences (class loading, Jackson's serializers and deserializers) without
     * touching any file: the console calls it on a background thread while the JavaFX toolkit starts, so the first
     * {@link #load()} on the FX thread does not pay for it.
     */
    public static void warmUp() {
        try {
            JSON.treeToValue(JSON.valueToTree(ConsolePreferences.DEFAULTS), ConsolePreferences.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("the preferences cannot be mapped to JSON", e);
        }
    }

    public Path file() {
        return file;
    }

    public Loaded load() {
        if (!Files.exists(file)) {
            return new Loaded(ConsolePreferences.DEFAULTS, null);
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (!(node instanceof ObjectNode obj)) {
                return setAside("it is not a JSON object");
            }
            int schema = obj.path("schemaVersion").asInt(-1);
            if (schema < 1 || schema > ConsolePreferences.CURRENT_SCHEMA) {
                return setAside("its schema version " + (schema < 0 ? "is missing" : schema + " is not supported"));
            }
            ConsolePreferences prefs = JSON.treeToValue(obj, ConsolePreferences.class);
            java.util.List<String> problems = prefs.problems();
            if (!problems.isEmpty()) {
                // Keep everything that is fine; only the values out of range go back to their defaults.
                return new Loaded(prefs.sanitized(), "Some preferences were out of range and reset to defaults: "
                        + String.join("; ", problems) + ".");
            }
            return new Loaded(prefs, null);
        } catch (JsonProcessingException e) {
            return setAside("it is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException | IllegalArgumentException e) {
            return setAside("it could not be read (" + e.getMessage() + ")");
        }
    }

    /**
     * The preferences as stored, or the defaults when there are none or they cannot be read; touches nothing (a
     * second console, which does not own the data directory, only reads its look from it).
     */
    public ConsolePreferences peek() {
        try {
            return Files.exists(file) ? JSON.treeToValue(JSON.readTree(file.toFile()), ConsolePreferences.class)
                    .sanitized() : ConsolePreferences.DEFAULTS;
        } catch (IOException | IllegalArgumentException e) {
            return ConsolePreferences.DEFAULTS;
        }
    }

    /** Writes atomically (temp file + move) so a crash never leaves half a file. */
    public void save(ConsolePreferences prefs) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        JSON.writeValue(tmp.toFile(), prefs);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Loaded setAside(String why) {
        Path backup = file.resolveSibling(FILE_NAME + ".corrupt-" + STAMP.format(clock.instant()));
        try {
            Files.move(file, backup, StandardCopyOption.REPLACE_EXISTING);
            return new Loaded(ConsolePreferences.DEFAULTS, "Your preferences file could not be used because " + why
                    + ". It was kept as " + backup.getFileName() + " and defaults are used.");
        } catch (IOException e) {
            return new Loaded(ConsolePreferences.DEFAULTS, "Your preferences file could not be used because " + why
                    + ", and it could not be moved aside (" + e.getMessage() + "). Defaults are used.");
        }
    }
}
