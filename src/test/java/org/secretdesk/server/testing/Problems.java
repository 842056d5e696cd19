package org.secretdesk.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;

/** Assertions for RFC 9457 problem responses as the gateway contract defines them. */
public final class Problems {

    /** Text that must never appear in an error body: stack traces, SQL, driver and framework internals. */
    private static final String[] INTERNALS = {"Exception", "\tat ", "at org.", "at java.", "org.h2", "jdbc:",
            "SQL", "SELECT ", "INSERT ", "UPDATE ", "Caused by", "com.fasterxml", "io.javalin", "org.eclipse"};

    private Problems() {
    }

    /** Asserts a problem+json with this status and code and the required members; returns the body. */
    public static JsonNode assertProblem(Resp resp, int status, String code) {
        JsonNode p = assertProblemShape(resp);
        assertThat(resp.status()).as("HTTP status of %s", resp).isEqualTo(status);
        assertThat(p.path("code").asText()).as("problem code of %s", resp).isEqualTo(code);
        return p;
    }

    /** Like {@link #assertProblem} but any of the given codes and statuses is accepted. */
    public static JsonNode assertProblemAnyOf(Resp resp, int[] statuses, String... codes) {
        JsonNode p = assertProblemShape(resp);
        assertThat(Arrays.stream(statuses).boxed().toList()).as("HTTP status of %s", resp).contains(resp.status());
        assertThat(codes).as("problem code of %s", resp).contains(p.path("code").asText());
        return p;
    }

    /** A validation.failed (422) problem naming {@code field}. */
    public static JsonNode assertValidation(Resp resp, String field) {
        JsonNode p = assertProblem(resp, 422, "validation.failed");
        assertThat(p.path("field").asText()).as("problem field of %s", resp).isEqualTo(field);
        return p;
    }

    /** Content type, the members type/title/status/detail/code, status member = HTTP status, no internals. */
    public static JsonNode assertProblemShape(Resp resp) {
        assertThat(resp.contentType().toLowerCase(Locale.ROOT)).as("Content-Type of %s", resp)
                .startsWith("application/problem+json");
        JsonNode p = resp.json();
        for (String member : new String[] {"type", "title", "status", "detail", "code"}) {
            assertThat(p.has(member)).as("problem member '%s' in %s", member, resp).isTrue();
        }
        assertThat(p.path("status").asInt()).as("problem status member of %s", resp).isEqualTo(resp.status());
        assertThat(p.path("code").asText()).as("problem code of %s", resp).isNotBlank();
        for (String internal : INTERNALS) {
            assertThat(resp.body()).as("problem body must not expose internals (%s)", internal).doesNotContain(internal);
        }
        return p;
    }
}
