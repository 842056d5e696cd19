package org.secretdesk.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreferencesStoreTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void missingFileGivesDefaults() {
        PreferencesStore.Loaded loaded = new PreferencesStore(dir, clock).load();
        assertThat(loaded.preferences()).isEqualTo(ConsolePreferences.DEFAULTS);
        assertThat(loaded.problem()).isNull();
    }

    @Test
    void roundTripsGeometryAndTheme() throws Exception {
        PreferencesStore store = new PreferencesStore(dir, clock);
        ConsolePreferences prefs = ConsolePreferences.DEFAULTS
                .withWindow(new WindowGeometry(40, 60, 1300, 800, true)).withTheme(ThemeChoice.DARK);
        store.save(prefs);

        PreferencesStore.Loaded loaded = new PreferencesStore(dir, clock).load();
        assertThat(loaded.problem()).isNull();
        assertThat(loaded.preferences()).isEqualTo(prefs);
        assertThat(Files.readString(dir.resolve("preferences.json"))).contains("\"schemaVersion\" : 1");
    }

    @Test
    void neverPlacedWindowRoundTrips() throws Exception {
        PreferencesStore store = new PreferencesStore(dir, clock);
        store.save(ConsolePreferences.DEFAULTS);
        assertThat(store.load().preferences().window().hasPosition()).isFalse();
    }

    @Test
    void corruptFileIsKeptAsideAndReported() throws Exception {
        Files.writeString(dir.resolve("preferences.json"), "{\"schemaVersion\": 1, \"window\": ");
        PreferencesStore.Loaded loaded = new PreferencesStore(dir, clock).load();

        assertThat(loaded.preferences()).isEqualTo(ConsolePreferences.DEFAULTS);
        assertThat(loaded.problem()).contains("not valid JSON").contains("preferences.json.corrupt-20261123-100000");
        assertThat(dir.resolve("preferences.json.corrupt-20261123-100000"))
                .hasContent("{\"schemaVersion\": 1, \"window\": ");
        assertThat(dir.resolve("preferences.json")).doesNotExist();
    }

    @Test
    void unknownSchemaVersionIsKeptAsideToo() throws Exception {
        Files.writeString(dir.resolve("preferences.json"), "{\"schemaVersion\": 99}");
        PreferencesStore.Loaded loaded = new PreferencesStore(dir, clock).load();
        assertThat(loaded.problem()).contains("schema version 99");
        assertThat(dir.resolve("preferences.json.corrupt-20261123-100000")).exists();
    }

    @Test
    void outOfRangeValuesAreResetOnLoadAndTheRestIsKept(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve(PreferencesStore.FILE_NAME),
                "{\"schemaVersion\":1,\"theme\":\"DARK\",\"clipboardClearSeconds\":3,\"autoReconnect\":false}");
        PreferencesStore.Loaded loaded = new PreferencesStore(dir, java.time.Clock.systemUTC()).load();
        assertThat(loaded.preferences().clipboardClearSeconds()).isEqualTo(30);
        assertThat(loaded.preferences().theme()).isEqualTo(ThemeChoice.DARK);
        assertThat(loaded.preferences().autoReconnect()).isFalse();
        assertThat(loaded.problem()).contains("clipboard timeout 3 s");
    }

    @Test
    void anOlderFileWithoutTheNewPreferencesGetsTheirDefaults(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve(PreferencesStore.FILE_NAME),
                "{\"schemaVersion\":1,\"theme\":\"LIGHT\"}");
        PreferencesStore.Loaded loaded = new PreferencesStore(dir, java.time.Clock.systemUTC()).load();
        assertThat(loaded.problem()).isNull();
        assertThat(loaded.preferences().clipboardClearSeconds()).isEqualTo(30);
        assertThat(loaded.preferences().autoReconnect()).isTrue();
    }
}
