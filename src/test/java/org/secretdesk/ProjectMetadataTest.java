package org.secretdesk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: no placeholder the project cannot stand behind in what it ships: a maintainer address at
 * example.org, an About URL of a repository that does not exist, problem types at a domain it does not own.
 */
class ProjectMetadataTest {

    private static final List<String> INVENTED = List.of("secretdesk@example.org", "github.com/secretdesk",
            "secretdesk.org/");

    @Test
    void theBuildTheInstallerAndTheSourcesNameNoInventedAddress() throws IOException {
        List<Path> files;
        try (Stream<Path> sources = Files.walk(Path.of("src/main"))) {
            files = Stream.concat(Stream.of(Path.of("pom.xml"), Path.of("installer/build.sh")),
                    sources.filter(Files::isRegularFile)).toList();
        }
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            for (String invented : INVENTED) {
                assertThat(text).as("%s", file).doesNotContain(invented);
            }
        }
    }

    @Test
    void thePomDeclaresTheLicenceOfTheLicenseFile() throws IOException {
        assertThat(Files.readString(Path.of("LICENSE"))).contains("Apache License", "Version 2.0");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<name>Apache License, Version 2.0</name>");
    }
}
