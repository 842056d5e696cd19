package org.secretdesk.ui.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ids of expiry notifications already shown to this user (one per line in the data directory), so a popup
 * for the same secret and threshold is never shown twice, across restarts too. Holds no secret: ids only.
 */
public final class SeenNotificationsStore {

    public static final String FILE_NAME = "seen-notifications.txt";
    /** Old ids are dropped beyond this many; the gateway's own "since" keeps older ones from coming back. */
    static final int MAX_IDS = 5000;

    private final Path file;

    public SeenNotificationsStore(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    /** The ids seen so far; an unreadable file counts as none (at worst a popup repeats once). */
    public Set<String> load() {
        try {
            if (!Files.exists(file)) {
                return new LinkedHashSet<>();
            }
            Set<String> ids = new LinkedHashSet<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String id = line.strip();
                if (!id.isEmpty() && id.length() <= 200) {
                    ids.add(id);
                }
            }
            return ids;
        } catch (IOException | RuntimeException e) {
            return new LinkedHashSet<>();
        }
    }

    public void save(Set<String> ids) throws IOException {
        List<String> lines = new ArrayList<>(ids);
        if (lines.size() > MAX_IDS) {
            lines = lines.subList(lines.size() - MAX_IDS, lines.size());
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
