package org.secretdesk.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Optional;

/** A finished HTTP exchange: status, headers and the body as text (parsed as JSON on demand). */
public final class Resp {

    private final HttpResponse<String> response;
    private final ObjectMapper mapper;
    private JsonNode json;
    private boolean parsed;

    public Resp(HttpResponse<String> response, ObjectMapper mapper) {
        this.response = response;
        this.mapper = mapper;
    }

    public int status() {
        return response.statusCode();
    }

    public String body() {
        return response.body() == null ? "" : response.body();
    }

    public Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    public String contentType() {
        return header("Content-Type").orElse("");
    }

    public HttpResponse<String> raw() {
        return response;
    }

    /** The body as JSON; fails the test with the body text when it is not JSON. */
    public JsonNode json() {
        JsonNode n = jsonOrNull();
        if (n == null) {
            throw new AssertionError("Expected a JSON body but got HTTP " + status() + " [" + contentType() + "]: " + body());
        }
        return n;
    }

    public JsonNode jsonOrNull() {
        if (!parsed) {
            parsed = true;
            try {
                json = body().isBlank() ? null : mapper.readTree(body());
            } catch (IOException e) {
                json = null;
            }
        }
        return json;
    }

    @Override
    public String toString() {
        return "HTTP " + status() + " " + body();
    }
}
