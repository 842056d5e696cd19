package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.TestDatabases;

/** The routes the server registers and the paths of openapi.json are the same set, both ways. */
class OpenApiDriftTest {

    @Test
    void documentAndServerRoutesAreTheSame(@TempDir Path dir) throws Exception {
        JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("/org/secretdesk/server/openapi.json")) {
            doc = new ObjectMapper().readTree(in);
        }
        Set<String> documented = new TreeSet<>();
        doc.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            if (!m.getKey().equals("parameters")) {
                documented.add(m.getKey().toUpperCase() + " " + p.getKey());
            }
        }));
        Set<String> served = new TreeSet<>();
        try (GatewayServer server = GatewayServer.start(TestDatabases.apply(GatewayConfig.defaults(dir).withPort(0), dir))) {
            server.routes().forEach(r -> served.add(r.method() + " " + r.path()));
        }
        assertThat(served).isEqualTo(documented);
    }
}
