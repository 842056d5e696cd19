package org.secretdesk.server.http;

import static org.secretdesk.server.http.Requests.body;
import static org.secretdesk.server.http.Responses.json;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.secretdesk.server.auth.FailedAuthLimiter;
import org.secretdesk.server.token.TokenService;

/** The OAuth 2 token endpoint (client credentials, RFC 6749 §4.4) and the keys its tokens are signed with. */
final class TokenRoutes implements RouteGroup {

    private final TokenService tokens;
    private final FailedAuthLimiter byAddress;
    private final FailedAuthLimiter byClient;

    /**
     * @param byAddress failed client authentications counted per source address
     * @param byClient  and per {@code client_id}; above either limit a failure is answered 429 (a correct secret
     *                  still gets its token, so nobody can lock a client out by sending wrong secrets for it)
     */
    TokenRoutes(TokenService tokens, FailedAuthLimiter byAddress, FailedAuthLimiter byClient) {
        this.tokens = tokens;
        this.byAddress = byAddress;
        this.byClient = byClient;
    }

    @Override
    public void register(Router router) {
        router.add(HandlerType.POST, "/oauth/token", this::token);
        router.add(HandlerType.GET, "/.well-known/jwks.json", ctx -> json(ctx, 200, tokens.jwksJson()));
    }

    private void token(Context ctx) {
        ctx.header("Pragma", "no-cache");
        String ct = ctx.contentType();
        if (ct == null || !ct.split(";", 2)[0].strip().equalsIgnoreCase("application/x-www-form-urlencoded")) {
            oauthError(ctx, 400, "invalid_request", "Send the request as application/x-www-form-urlencoded.");
            return;
        }
        Map<String, String> form;
        try {
            form = parseForm(body(ctx));
        } catch (IllegalArgumentException e) {
            oauthError(ctx, 400, "invalid_request", "The form body is malformed.");
            return;
        }
        if (form == null) {
            oauthError(ctx, 400, "invalid_request", "A form parameter was sent more than once.");
            return;
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            oauthError(ctx, 400, form.containsKey("grant_type") ? "unsupported_grant_type" : "invalid_request",
                    "Only grant_type=client_credentials is supported.");
            return;
        }
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        String authorization = ctx.header("Authorization");
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        if (basic) {
            if (secret != null) {
                oauthError(ctx, 400, "invalid_request", "Use one client authentication method, not two.");
                return;
            }
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException();
                }
                String basicId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                if (clientId != null && !clientId.equals(basicId)) {
                    throw new IllegalArgumentException();
                }
                clientId = basicId;
                secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                invalidClient(ctx, true, clientId);
                return;
            }
        }
        if (clientId == null || secret == null) {
            invalidClient(ctx, basic, clientId);
            return;
        }
        TokenService.Outcome outcome = tokens.issue(clientId, secret, form.get("scope"));
        if (outcome.refusal() == TokenService.Refusal.INVALID_CLIENT) {
            invalidClient(ctx, basic, clientId);
            return;
        }
        if (outcome.refusal() == TokenService.Refusal.INVALID_SCOPE) {
            oauthError(ctx, 400, "invalid_scope", "The requested scope is not among the client's roles.");
            return;
        }
        TokenService.Token t = outcome.token();
        json(ctx, 200, "{\"access_token\":\"" + t.accessToken() + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + t.expiresIn() + ",\"scope\":" + new String(Json.write(g -> g.writeString(t.scope())),
                StandardCharsets.UTF_8) + "}");
    }

    private static Map<String, String> parseForm(byte[] body) {
        Map<String, String> out = new HashMap<>();
        String s = new String(body, StandardCharsets.UTF_8);
        if (s.isEmpty()) {
            return out;
        }
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (out.put(k, v) != null) {
                return null;
            }
        }
        return out;
    }

    /** 401 {@code invalid_client}, counted; 429 once the address or the client_id has failed too often. */
    private void invalidClient(Context ctx, boolean basic, String clientId) {
        long retry = byAddress.recordFailure(ctx.ip());
        if (clientId != null && clientId.length() <= 64) {
            retry = Math.max(retry, byClient.recordFailure(clientId));
        }
        if (retry > 0) {
            ctx.header("Retry-After", String.valueOf(retry));
            oauthError(ctx, 429, "invalid_client", "Too many failed client authentications. Try again later.");
            return;
        }
        if (basic) {
            ctx.header("WWW-Authenticate", "Basic realm=\"secretdesk\"");
        }
        oauthError(ctx, 401, "invalid_client", "Client authentication failed.");
    }

    private static void oauthError(Context ctx, int status, String error, String description) {
        json(ctx, status, "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }
}
