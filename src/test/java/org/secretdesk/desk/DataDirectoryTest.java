package org.secretdesk.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.secretdesk.desk.DataDirectory.Kind;

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
    void linuxDefaultsAreUnderTheEnvironmentsHomeNotThePasswdEntrys() {
        // user.home is the passwd entry's home (root's /root under sudo -E, a container's /); $HOME is the user's.
        Properties p = props("Linux", "/root");
        Map<String, String> env = Map.of("HOME", "/tmp/ann");
        assertThat(DataDirectory.resolve(p, env)).isEqualTo(Path.of("/tmp/ann/.local/share/secretdesk"));
        assertThat(DataDirectory.resolve(Kind.CONFIG, p, env)).isEqualTo(Path.of("/tmp/ann/.config/secretdesk"));
        assertThat(DataDirectory.resolve(Kind.CACHE, p, env)).isEqualTo(Path.of("/tmp/ann/.cache/secretdesk"));
        assertThat(DataDirectory.home(p, env)).isEqualTo(Path.of("/tmp/ann"));
        // An unset, empty or relative HOME falls back to user.home.
        assertThat(DataDirectory.home(p, Map.of())).isEqualTo(Path.of("/root"));
        assertThat(DataDirectory.home(p, Map.of("HOME", ""))).isEqualTo(Path.of("/root"));
        assertThat(DataDirectory.home(p, Map.of("HOME", "ann"))).isEqualTo(Path.of("/root"));
    }

    @Test
    void linuxConfigAndCacheFollowTheirOwnVariables() {
        Properties p = props("Linux", "/home/ann");
        Map<String, String> env = Map.of("HOME", "/home/ann", "XDG_CONFIG_HOME", "/cfg", "XDG_CACHE_HOME", "/fast/cache",
                "XDG_DATA_HOME", "/data");
        assertThat(DataDirectory.resolve(Kind.CONFIG, p, env)).isEqualTo(Path.of("/cfg/secretdesk"));
        assertThat(DataDirectory.resolve(Kind.CACHE, p, env)).isEqualTo(Path.of("/fast/cache/secretdesk"));
        assertThat(DataDirectory.resolve(Kind.DATA, p, env)).isEqualTo(Path.of("/data/secretdesk"));
        assertThat(DataDirectory.resolve(Kind.CACHE, p, Map.of("HOME", "/home/ann", "XDG_CACHE_HOME", "cache")))
                .isEqualTo(Path.of("/home/ann/.cache/secretdesk"));
    }

    @Test
    void windowsAndMac() {
        assertThat(DataDirectory.resolve(props("Windows 11", "/home/ann"), Map.of("APPDATA", "/appdata")))
                .isEqualTo(Path.of("/appdata/SecretDesk"));
        assertThat(DataDirectory.resolve(Kind.CACHE, props("Windows 11", "/home/ann"),
                Map.of("LOCALAPPDATA", "/local"))).isEqualTo(Path.of("/local/SecretDesk/Cache"));
        // Windows keeps the profile of user.home even when a shell sets HOME.
        assertThat(DataDirectory.home(props("Windows 11", "/users/ann"), Map.of("HOME", "/c/git-home")))
                .isEqualTo(Path.of("/users/ann"));
        assertThat(DataDirectory.resolve(props("Mac OS X", "/Users/ann"), Map.of()))
                .isEqualTo(Path.of("/Users/ann/Library/Application Support/SecretDesk"));
        assertThat(DataDirectory.resolve(Kind.CACHE, props("Mac OS X", "/Users/ann"), Map.of("HOME", "/Users/bo")))
                .isEqualTo(Path.of("/Users/bo/Library/Caches/SecretDesk"));
    }

    @Test
    void systemPropertyOverridesEverything() {
        Properties p = props("Linux", "/home/ann");
        p.setProperty(DataDirectory.OVERRIDE_PROPERTY, "/tmp/sd-test");
        assertThat(DataDirectory.resolve(p, Map.of("XDG_DATA_HOME", "/data"))).isEqualTo(Path.of("/tmp/sd-test"));
    }
}
