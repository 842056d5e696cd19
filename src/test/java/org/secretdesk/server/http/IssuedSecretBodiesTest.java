package org.secretdesk.server.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: the routes that issue a secret never turn its JSON into a String (a copy nobody can wipe), and the
 * body that carries it is zeroed once it is written.
 */
class IssuedSecretBodiesTest {

    @Test
    void theIssuingRoutesMakeNoStringFromBytes() {
        JavaClasses http = new ClassFileImporter().importPackages("org.secretdesk.server.http");
        noClasses().that().haveSimpleName("ApplicationRoutes").or().haveSimpleName("SecretRoutes")
                .or().haveSimpleName("Idempotency").or().haveSimpleName("Responses")
                .should().callConstructor(String.class, byte[].class, Charset.class)
                .orShould().callConstructor(String.class, byte[].class, int.class, int.class, Charset.class)
                .orShould().callConstructor(String.class, byte[].class)
                .because("an issued secret's JSON must stay in arrays that are wiped")
                .check(http);
    }

    @Test
    void aSecretBodyIsZeroedOnceItIsWritten() throws Exception {
        byte[] body = "{\"secret\":\"sds_NotARealSecretJustBytesToWipe0123456789abcdefABCDEF\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] expected = body.clone();
        CountDownLatch answered = new CountDownLatch(1);
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/issued", ctx -> {
                Responses.sendSecret(ctx, new ApiResponse(201, body, "/somewhere", "\"1\""));
                answered.countDown();
            });
        }).start("127.0.0.1", 0);
        try {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.port() + "/issued")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.body()).isEqualTo(expected);
            assertThat(r.headers().firstValue("Location")).hasValue("/somewhere");
            assertThat(r.headers().firstValue("ETag")).hasValue("\"1\"");
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(body).as("the body after it was sent").isEqualTo(new byte[expected.length]);
            assertThat(Arrays.equals(body, expected)).isFalse();
        } finally {
            app.stop();
        }
    }
}
