package org.secretdesk.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {

    private static Properties props(String os, String home) {
        Properties p = new Properties();
        p.setProperty("os.name", os);
        p.setProperty("user.home", home);
        return p;
    }

    @Test
    void linuxUsesXdgDataHomeOrItsDefault() {
        assertThat(DataDirectory.resolve(props("Linux", "/home/ann"), Map.of()))
                .isEqualTo(Path.of("/home/ann/.local/share/secretdesk"));
        assertThat(DataDirectory.resolve(props("Linux", "/home/ann"), Map.of("XDG_DATA_HOME", "/data/ann")))
                .isEqualTo(Path.of("/data/ann/secretdesk"));
        // A relative XDG_DATA_HOME is invalid per the spec and ignored.
        assertThat(DataDirectory.resolve(props("Linux", "/home/ann"), Map.of("XDG_DATA_HOME", "rel")))
                .isEqualTo(Path.of("/home/ann/.local/share/secretdesk"));
    }

    @Test
    void windowsAndMac() {
        assertThat(DataDirectory.resolve(props("Windows 11", "/home/ann"), Map.of("APPDATA", "/appdata")))
                .isEqualTo(Path.of("/appdata/SecretDesk"));
        assertThat(DataDirectory.resolve(props("Mac OS X", "/Users/ann"), Map.of()))
                .isEqualTo(Path.of("/Users/ann/Library/Application Support/SecretDesk"));
    }

    @Test
    void systemPropertyOverridesEverything() {
        Properties p = props("Linux", "/home/ann");
        p.setProperty(DataDirectory.OVERRIDE_PROPERTY, "/tmp/sd-test");
        assertThat(DataDirectory.resolve(p, Map.of("XDG_DATA_HOME", "/data"))).isEqualTo(Path.of("/tmp/sd-test"));
    }
}
