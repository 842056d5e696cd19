package org.secretdesk.client.gravitee;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * The JSON Gravitee AM's management API answers, rebuilt from its source (github.com/gravitee-io/gravitee-access-
 * management), not from memory. Two versions are read:
 * <ul>
 *   <li>{@link #V4_8}: tag 4.8.0, commit {@value #V4_8};</li>
 *   <li>{@link #CURRENT}: the 4.13 pre-release (4.13.0-alpha.4-SNAPSHOT), commit {@value #CURRENT}.</li>
 * </ul>
 * Where nothing is said about a version, both commits have the same code. How the API writes JSON is
 * {@code gravitee-am-management-api/gravitee-am-management-api-rest/src/main/java/io/gravitee/am/management/handlers/
 * management/api/mapper/ObjectMapperResolver.java} (both): fields directly, nulls left out ({@code NON_NULL}), enums
 * in lower case, {@code java.util.Date} as epoch milliseconds (Jackson's default). Only the shapes are taken; no code.
 *
 * <p>Paths below are shortened: {@code rest/…} is {@code gravitee-am-management-api/gravitee-am-management-api-rest/
 * src/main/java/io/gravitee/am/management/handlers/management/api/}, {@code domains/…} is {@code rest/resources/
 * organizations/environments/domains/}, {@code model/…} is {@code gravitee-am-model/src/main/java/io/gravitee/am/model/}.
 */
public final class GraviteeFixtures {

    public static final String V4_8 = "131d28f8fc6cc24128a4be17bba68cb8b4247ae0";
    public static final String CURRENT = "35b314b2c39c3c5584d456bb4360565fe8d42d7e";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GraviteeFixtures() {
    }

    // ---------------------------------------------------------------- recorded answers (contract tests)

    public static final long CREATED_MS = Instant.parse("2025-11-23T06:00:00Z").toEpochMilli();
    public static final long UPDATED_MS = Instant.parse("2026-03-01T08:30:00Z").toEpochMilli();
    public static final long EXPIRES_MS = Instant.parse("2027-02-21T06:00:00Z").toEpochMilli();

    /**
     * {@code GET …/applications?page=0&size=2} on 4.8: {@code domains/ApplicationsResource.java#list} filters each
     * application to id, name, description, type, enabled, template, updatedAt ({@code filterApplicationInfos}),
     * pages in memory ({@code skip(page * size).limit(size)}, newest {@code updatedAt} first) and wraps them in
     * {@code model/common/Page.java}: {@code data}, {@code currentPage}, {@code totalCount}. {@code expand} is not
     * a parameter yet. No client id, no settings, no secrets.
     */
    public static final String LIST_4_8 = """
            {"data":[{"id":"app-1","name":"billing","type":"service","description":"Billing","enabled":true,\
            "template":false,"updatedAt":UPDATED},
            {"id":"app-2","name":"orders","type":"browser","enabled":true,"template":false,"updatedAt":UPDATED}],\
            "currentPage":0,"totalCount":3}""".replace("UPDATED", Long.toString(UPDATED_MS));

    /**
     * The same on the current version with {@code expand=clientId}: {@code rest/resources/model/FilteredApplication.java}
     * (a record: id, name, description, type, kind, enabled, template, updatedAt, clientId; {@code kind} only for
     * agent applications, {@code clientId} only when expanded, {@code rest/resources/model/ApplicationExpand.java}),
     * paged by the repository ({@code skip(size * page)}).
     */
    public static final String LIST_CURRENT_EXPANDED = """
            {"data":[{"id":"app-1","name":"billing","description":"Billing","type":"service","enabled":true,\
            "template":false,"updatedAt":UPDATED,"clientId":"billing-client"},
            {"id":"app-2","name":"orders","type":"browser","enabled":true,"template":false,"updatedAt":UPDATED,\
            "clientId":"orders-client"}],"currentPage":0,"totalCount":3}""".replace("UPDATED", Long.toString(UPDATED_MS));

    /**
     * {@code GET …/applications/app-1} ({@code domains/ApplicationResource.java#get}, {@code filterApplicationInfos}):
     * the basics with APPLICATION[READ], {@code settings.secretExpirationSettings} with APPLICATION_SETTINGS[READ],
     * {@code settings.oauth} (with {@code clientId}, {@code model/application/ApplicationOAuthSettings.java}) with
     * APPLICATION_OPENID[READ], and always the secrets without their value ({@code ClientSecret#safeSecret}).
     */
    public static final String APPLICATION = """
            {"id":"app-1","name":"billing","type":"service","description":"Billing","domain":"d-5f1c","enabled":true,\
            "template":false,"createdAt":CREATED,"updatedAt":UPDATED,\
            "settings":{"oauth":{"clientId":"billing-client","clientType":"confidential",\
            "grantTypes":["client_credentials"],"tokenEndpointAuthMethod":"client_secret_basic"},\
            "secretExpirationSettings":{"enabled":true,"expiryTimeSeconds":2592000}},\
            "secretSettings":[{"id":"set-1","algorithm":"BCRYPT"}],\
            "secrets":[{"id":"s-1","settingsId":"set-1","name":"prod rollout","createdAt":CREATED,"expiresAt":EXPIRES},\
            {"id":"s-2","settingsId":"set-1","name":"forever","createdAt":CREATED}]}"""
            .replace("CREATED", Long.toString(CREATED_MS)).replace("UPDATED", Long.toString(UPDATED_MS))
            .replace("EXPIRES", Long.toString(EXPIRES_MS));

    /**
     * One secret of {@code GET …/applications/app-1/secrets} ({@code domains/ApplicationSecretsResource.java#getSecrets}
     * → {@code ClientSecret#safeSecret}, {@code model/application/ClientSecret.java}): id, settingsId, name, createdAt,
     * expiresAt (left out when null); the value left out.
     */
    public static final String SECRET = "{\"id\":\"s-1\",\"settingsId\":\"set-1\",\"name\":\"prod rollout\","
            + "\"createdAt\":" + CREATED_MS + ",\"expiresAt\":" + EXPIRES_MS + "}";

    /**
     * {@code POST …/applications/app-1/secrets} → 201 ({@code domains/ApplicationSecretsResource.java#create},
     * {@code gravitee-am-service/…/service/impl/ApplicationSecretServiceImpl.java#create}: the new ClientSecret with the
     * raw secret put back); {@code POST …/secrets/s-1/_renew} → 200 with the same shape
     * ({@code domains/ApplicationSecretResource.java#renewClientSecret}). Neither carries a client id.
     */
    public static String issuedSecret(String plaintext) {
        return "{\"id\":\"s-1\",\"settingsId\":\"set-1\",\"name\":\"prod rollout\",\"secret\":\"" + plaintext
                + "\",\"createdAt\":" + CREATED_MS + ",\"expiresAt\":" + EXPIRES_MS + "}";
    }

    /**
     * {@code GET …/environments/DEFAULT/domains/_hrid/my-domain} and {@code GET …/domains/d-5f1c}
     * ({@code domains/DomainsResource.java#get}, {@code domains/DomainResource.java#get}, filtered by
     * {@code AbstractDomainResource#filterDomainInfos} with DOMAIN[READ]; {@code model/Domain.java},
     * {@code model/SecretExpirationSettings.java}). The domain's id is random; {@code hrid} is the operator's name.
     */
    public static final String DOMAIN = """
            {"id":"d-5f1c","hrid":"my-domain","name":"My domain","enabled":true,"createdAt":CREATED,\
            "updatedAt":UPDATED,"path":"/my-domain","vhostMode":false,"referenceType":"environment",\
            "referenceId":"DEFAULT","master":false,"secretExpirationSettings":{"enabled":true,"expiryTimeSeconds":7776000}}"""
            .replace("CREATED", Long.toString(CREATED_MS)).replace("UPDATED", Long.toString(UPDATED_MS));

    /**
     * {@code POST <entrypoint>/auth/token} ({@code rest/authentication/provider/generator/JWTGenerator.java#generateToken}):
     * {@code expires_at} is {@code Date#toString()} text, 7 days ahead by default ({@code jwt.expire-after} 604800).
     */
    public static String token(String token, Instant expiresAt) {
        return "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_at\":\""
                + new Date(expiresAt.toEpochMilli()) + "\"}";
    }

    /**
     * Every error: {@code rest/model/ErrorEntity.java} ({@code message}, {@code http_status}) written by
     * {@code rest/provider/ManagementExceptionMapper.java} and {@code ClientErrorExceptionMapper.java}. Messages:
     * {@code DomainNotFoundException} "Domain [%s] can not be found.", {@code ApplicationNotFoundException}
     * "Application [%s] can not be found.", {@code ClientSecretNotFoundException} "Secret [%s] can not be found.",
     * {@code ClientSecretDeleteException} "Cannot remove last secret" (400), {@code ClientSecretInvalidException}
     * "Secret with description %s already exists" (400), {@code TooManyClientSecretsException} "Too many Client
     * Secrets. Cannot create more than %d secrets" (400), a refused permission {@code ForbiddenException("Permission
     * denied")} (403, {@code rest/resources/AbstractResource.java}).
     */
    public static String error(int status, String message) {
        return NODES.objectNode().put("message", message).put("http_status", status).toString();
    }

    // ---------------------------------------------------------------- builders (the stand-in server)

    /** An application as the stand-in keeps it. {@code expiryEnabled}/{@code expirySeconds} may be null. */
    public record App(String id, String name, String description, String type, String clientId, long createdAt,
                      long updatedAt, Boolean expiryEnabled, Long expirySeconds, List<Secret> secrets) {
    }

    /** A client secret as the stand-in keeps it ({@code expiresAt} null: never). */
    public record Secret(String id, String settingsId, String name, long createdAt, Long expiresAt) {
    }

    /** A list item: 4.8's filtered {@code Application}, or the current {@code FilteredApplication}. */
    static ObjectNode listItem(boolean v4_8, App a, boolean expandClientId) {
        ObjectNode n = NODES.objectNode().put("id", a.id()).put("name", a.name());
        if (v4_8) {
            n.put("type", a.type());
            putIfNotNull(n, "description", a.description());
        } else {
            putIfNotNull(n, "description", a.description());
            n.put("type", a.type());
        }
        n.put("enabled", true).put("template", false).put("updatedAt", a.updatedAt());
        if (!v4_8 && expandClientId) {
            putIfNotNull(n, "clientId", a.clientId());
        }
        return n;
    }

    /** {@code model/common/Page.java}. */
    static ObjectNode page(Collection<ObjectNode> items, int page, long total) {
        ObjectNode n = NODES.objectNode();
        ArrayNode data = n.putArray("data");
        items.forEach(data::add);
        return n.put("currentPage", page).put("totalCount", total);
    }

    /** {@code ApplicationResource#filterApplicationInfos} for a role with or without the two sub-permissions. */
    static ObjectNode application(App a, String domainId, boolean settingsRead, boolean openIdRead) {
        ObjectNode n = NODES.objectNode().put("id", a.id()).put("name", a.name()).put("type", a.type());
        putIfNotNull(n, "description", a.description());
        n.put("domain", domainId).put("enabled", true).put("template", false)
                .put("createdAt", a.createdAt()).put("updatedAt", a.updatedAt());
        ObjectNode settings = n.putObject("settings");
        if (openIdRead) {
            settings.putObject("oauth").put("clientId", a.clientId()).put("clientType", "confidential")
                    .put("tokenEndpointAuthMethod", "client_secret_basic")
                    .putArray("grantTypes").add("client_credentials");
        }
        if (settingsRead && (a.expiryEnabled() != null || a.expirySeconds() != null)) {
            ObjectNode s = settings.putObject("secretExpirationSettings");
            if (a.expiryEnabled() != null) {
                s.put("enabled", a.expiryEnabled());
            }
            if (a.expirySeconds() != null) {
                s.put("expiryTimeSeconds", a.expirySeconds());
            }
        }
        n.putArray("secretSettings").addObject().put("id", "set-1").put("algorithm", "BCRYPT");
        ArrayNode secrets = n.putArray("secrets");
        a.secrets().forEach(s -> secrets.add(secret(s, null)));
        return n;
    }

    /** {@code ClientSecret}: with {@code raw} only in a create or renew answer. */
    static ObjectNode secret(Secret s, String raw) {
        ObjectNode n = NODES.objectNode().put("id", s.id()).put("settingsId", s.settingsId()).put("name", s.name());
        putIfNotNull(n, "secret", raw);
        n.put("createdAt", s.createdAt());
        if (s.expiresAt() != null) {
            n.put("expiresAt", s.expiresAt());
        }
        return n;
    }

    /** {@code filterDomainInfos} with DOMAIN[READ]. */
    static ObjectNode domain(String id, String hrid, String name, Boolean expiryEnabled, Long expirySeconds) {
        ObjectNode n = NODES.objectNode().put("id", id).put("hrid", hrid).put("name", name).put("enabled", true)
                .put("createdAt", CREATED_MS).put("updatedAt", UPDATED_MS).put("path", "/" + hrid)
                .put("vhostMode", false).put("referenceType", "environment").put("referenceId", "DEFAULT")
                .put("master", false);
        if (expiryEnabled != null || expirySeconds != null) {
            ObjectNode s = n.putObject("secretExpirationSettings");
            if (expiryEnabled != null) {
                s.put("enabled", expiryEnabled);
            }
            if (expirySeconds != null) {
                s.put("expiryTimeSeconds", expirySeconds);
            }
        }
        return n;
    }

    private static void putIfNotNull(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }
}
