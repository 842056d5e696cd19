package org.secretdesk.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.secretdesk.bench.LoadGenerator.Req;

/** The suite's set-up calls (not measured): applications on SecretDesk, a realm and clients on Keycloak. */
final class BenchSetup {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchSetup() {
    }

    static JsonNode sdCreateApp(HttpClient http, ServerProcesses.Gateway gw, String name, boolean secret)
            throws Exception {
        String body = secret ? "{\"name\":\"" + name + "\",\"initialSecret\":{\"description\":\"bench\"}}"
                : "{\"name\":\"" + name + "\"}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(gw.base.resolve("/api/v1/applications"))
                .header("Authorization", "Bearer " + gw.adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IOException("create application: HTTP " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    static Req tokenReq(String path, String clientId, String secret) {
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        return new Req("POST", path, Map.of("Authorization", "Basic " + basic,
                "Content-Type", "application/x-www-form-urlencoded"), "grant_type=client_credentials");
    }

    static String kcAdminToken(HttpClient http, URI base, String password) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=admin&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("Keycloak admin login: HTTP " + r.statusCode());
        }
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    static HttpResponse<String> kcAdmin(HttpClient http, URI base, String token, String method, String path,
                                                String json, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/admin/realms" + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IOException("Keycloak " + method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    /** A confidential client with a service account: {id, clientId, secret}. */
    static String[] kcClient(HttpClient http, URI base, String token, String clientId) throws Exception {
        HttpResponse<String> r = kcAdmin(http, base, token, "POST", "/bench/clients", """
                {"clientId":"%s","enabled":true,"publicClient":false,"serviceAccountsEnabled":true,
                 "standardFlowEnabled":false,"clientAuthenticatorType":"client-secret"}""".formatted(clientId), 201);
        String location = r.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        String secret = JSON.readTree(kcAdmin(http, base, token, "GET", "/bench/clients/" + id + "/client-secret",
                null, 200).body()).path("value").asText();
        return new String[] {id, clientId, secret};
    }

    interface IndexedCall<T> {
        T call(int i) throws Exception;
    }

    /** Set-up calls, 8 at a time (not measured). */
    static <T> List<T> parallel(int n, IndexedCall<T> call) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<T>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                fs.add(pool.submit((Callable<T>) () -> call.call(index)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) {
                out.add(f.get());
            }
            return out;
        }
    }
}
