package dev.shopifyingest.testkit.oauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shopify's OAuth authorization server for one app on one shop, independent of HTTP: FakeShopify
 * serves {@link #authorize} at {@code GET /admin/oauth/authorize} and {@link #token} at
 * {@code POST /admin/oauth/access_token}, and asks {@link #authenticate} about every Admin API
 * request. Thread-safe.
 *
 * <p>The merchant always approves. The {@code scope} string of a token response lists the granted
 * scopes in the order requested, without a {@code read_x} whose {@code write_x} is also granted,
 * because Shopify reports {@code write_x} as implying {@code read_x} and leaves the read scope out;
 * the token itself carries both.
 */
public final class OAuthServer {

    private static final Logger LOG = LoggerFactory.getLogger(OAuthServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SCOPE = Pattern.compile("(unauthenticated_)?(read|write)_[a-z0-9_]+");
    /** Shopify's body for a missing, unknown, expired or revoked token, and for wrong client credentials. */
    public static final String INVALID_TOKEN_BODY =
            "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}";
    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private final String clientId;
    private final byte[] clientSecret;
    private final String shopDomain;
    private final OAuthSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private final Map<String, Grant> codes = new HashMap<>();
    private final Map<String, AccessToken> tokens = new HashMap<>();
    private final Map<String, Refresh> refreshTokens = new HashMap<>();

    /** A code the merchant approved: what it grants and whether it was exchanged. */
    private record Grant(List<String> scopes, boolean online, Instant expiresAt) {
    }

    /** A refresh token; it dies when it expires, or when a token issued from it is first used. */
    private static final class Refresh {
        final List<String> scopes;
        final Instant expiresAt;
        final String parent;
        boolean used;
        boolean revoked;

        Refresh(List<String> scopes, Instant expiresAt, String parent) {
            this.scopes = scopes;
            this.expiresAt = expiresAt;
            this.parent = parent;
        }
    }

    /**
     * An authorization server for the app {@code clientId} on {@code shopDomain}.
     *
     * @param clientId the app's client id (API key)
     * @param clientSecret the app's client secret, which signs redirects and webhooks
     * @param shopDomain the shop's {@code *.myshopify.com} domain
     * @param settings token kinds, lifetimes and scope behaviour
     * @param clock time for expiries and redirect timestamps
     */
    public OAuthServer(String clientId, String clientSecret, String shopDomain, OAuthSettings settings, Clock clock) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret").getBytes(StandardCharsets.UTF_8);
        this.shopDomain = Objects.requireNonNull(shopDomain, "shopDomain");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The settings this server runs with. */
    public OAuthSettings settings() {
        return settings;
    }

    /**
     * The merchant opens the authorize URL and approves: answers a 302 to {@code redirect_uri}
     * with {@code code}, {@code hmac}, {@code host}, {@code shop}, {@code state} (when sent) and
     * {@code timestamp}, or a 400 error page for an unknown client id, a missing or relative
     * redirect URI, or a malformed scope.
     *
     * @param query the decoded query parameters; repeated keys keep every value
     */
    public OAuthReply authorize(Map<String, List<String>> query) {
        String requestedClient = first(query, "client_id");
        if (requestedClient == null || !requestedClient.equals(clientId)) {
            return errorPage("invalid_request", "The client_id is missing or not valid for this shop.");
        }
        String redirect = first(query, "redirect_uri");
        URI redirectUri;
        try {
            redirectUri = redirect == null ? null : new URI(redirect);
        } catch (java.net.URISyntaxException e) {
            redirectUri = null;
        }
        if (redirectUri == null || !redirectUri.isAbsolute()
                || !("https".equals(redirectUri.getScheme()) || "http".equals(redirectUri.getScheme()))) {
            return errorPage("invalid_request", "The redirect_uri is missing or is not an absolute http(s) URL.");
        }
        List<String> requested = parseScopes(Objects.requireNonNullElse(first(query, "scope"), ""));
        for (String scope : requested) {
            if (!SCOPE.matcher(scope).matches()) {
                return errorPage("invalid_scope", "Scope undefined: " + scope);
            }
        }
        List<String> granted = expand(requested).stream().filter(s -> !settings.withheldScopes().contains(s)).toList();
        boolean online = query.getOrDefault("grant_options[]", List.of()).contains("per-user");
        String code = randomHex(16);
        synchronized (this) {
            codes.put(code, new Grant(granted, online, clock.instant().plus(settings.codeLifetime())));
        }
        // Shopify signs the whole callback query, so parameters already in the redirect URI count too.
        TreeMap<String, String> params = new TreeMap<>(decodeQuery(redirectUri.getRawQuery()));
        params.put("code", code);
        params.put("host", Base64.getEncoder().withoutPadding().encodeToString(
                ("admin.shopify.com/store/" + shopHandle()).getBytes(StandardCharsets.UTF_8)));
        params.put("shop", shopDomain);
        String state = first(query, "state");
        if (state != null) {
            params.put("state", state);
        }
        params.put("timestamp", Long.toString(clock.instant().getEpochSecond()));
        String signed = formEncode(params);
        String base = redirect.replaceFirst("[?#].*$", "");
        String location = base + "?" + signed + "&hmac=" + hmacHex(signed);
        LOG.info("Approved installation on {} (scopes {}, online {})", shopDomain, granted, online);
        return new OAuthReply(302, Map.of("Location", location), "");
    }

    /**
     * {@code POST /admin/oauth/access_token}: exchanges an authorization code, refreshes an
     * expiring token ({@code grant_type=refresh_token}) or issues a client-credentials token
     * ({@code grant_type=client_credentials}).
     *
     * <p>Wrong client credentials answer 401 with Shopify's invalid-token body (observed for the
     * client-credentials grant, assumed for the others). An unknown, used or expired code, and a
     * bad, expired or superseded refresh token, answer 400
     * {@code {"error":"invalid_request","error_description":…}}.
     *
     * @param params the request's parameters, from its JSON or form body
     */
    public OAuthReply token(Map<String, String> params) {
        String grantType = params.getOrDefault("grant_type", "authorization_code");
        if (!clientId.equals(params.get("client_id")) || !secretMatches(params.get("client_secret"))) {
            return new OAuthReply(401, Map.of("Content-Type", JSON_TYPE), INVALID_TOKEN_BODY);
        }
        return switch (grantType) {
            case "authorization_code" -> exchangeCode(params);
            case "refresh_token" -> refresh(params.get("refresh_token"));
            case "client_credentials" -> clientCredentials();
            default -> json(400, map("error", "unsupported_grant_type",
                    "error_description", "FakeShopify does not support the grant type " + grantType + "."));
        };
    }

    private synchronized OAuthReply exchangeCode(Map<String, String> params) {
        String code = params.get("code");
        Grant grant = code == null ? null : codes.remove(code);
        if (grant == null || !clock.instant().isBefore(grant.expiresAt())) {
            return invalidRequest("The authorization code was not found or was already used");
        }
        Instant now = clock.instant();
        if (grant.online()) {
            AccessToken token = store("shpua_", grant.scopes(), now.plus(settings.onlineTokenLifetime()));
            Map<String, Object> body = map("access_token", token.value(), "scope", scopeString(grant.scopes()),
                    "expires_in", settings.onlineTokenLifetime().toSeconds(),
                    "associated_user_scope", scopeString(grant.scopes()));
            body.put("associated_user", map("id", 902_541_635L, "first_name", "Demo", "last_name", "Owner",
                    "email", "owner@" + shopHandle() + ".example", "email_verified", true, "account_owner", true,
                    "locale", "en", "collaborator", false));
            return json(200, body);
        }
        boolean expiring = switch (settings.tokenMode()) {
            case ALWAYS_EXPIRING -> true;
            case NEVER_EXPIRING -> false;
            case AS_REQUESTED -> "1".equals(params.get("expiring")) || "true".equals(params.get("expiring"));
        };
        if (!expiring) {
            AccessToken token = store("shpat_", grant.scopes(), null);
            return json(200, map("access_token", token.value(), "scope", scopeString(grant.scopes())));
        }
        return expiringTokenReply(grant.scopes(), null);
    }

    private synchronized OAuthReply refresh(String refreshToken) {
        Refresh used = refreshToken == null ? null : refreshTokens.get(refreshToken);
        Instant now = clock.instant();
        if (used == null || used.revoked || !now.isBefore(used.expiresAt)) {
            return invalidRequest("The refresh token is invalid, expired or was superseded");
        }
        if (!used.used) {
            used.used = true;
            // Since August 2026 the previous refresh token works until its successor is first used.
            if (used.parent != null) {
                Refresh previous = refreshTokens.get(used.parent);
                if (previous != null) {
                    previous.revoked = true;
                }
            }
        }
        return expiringTokenReply(used.scopes, refreshToken);
    }

    private OAuthReply expiringTokenReply(List<String> scopes, String parentRefreshToken) {
        Instant now = clock.instant();
        AccessToken token = store("shpat_", scopes, now.plus(settings.expiringTokenLifetime()));
        String refresh = "shprt_" + randomHex(16);
        refreshTokens.put(refresh, new Refresh(scopes, now.plus(settings.refreshTokenLifetime()), parentRefreshToken));
        return json(200, map("access_token", token.value(), "scope", scopeString(scopes),
                "expires_in", settings.expiringTokenLifetime().toSeconds(), "refresh_token", refresh,
                "refresh_token_expires_in", settings.refreshTokenLifetime().toSeconds()));
    }

    private synchronized OAuthReply clientCredentials() {
        List<String> scopes = expand(settings.appScopes()).stream()
                .filter(s -> !settings.withheldScopes().contains(s)).toList();
        AccessToken token = store("shpat_", scopes, clock.instant().plus(settings.clientCredentialsTokenLifetime()));
        return json(200, map("access_token", token.value(), "scope", scopeString(scopes),
                "expires_in", settings.clientCredentialsTokenLifetime().toSeconds()));
    }

    /**
     * Issues a token directly, as installing a custom app in the admin does.
     *
     * @param scopes the scopes to grant; each {@code write_x} also grants {@code read_x}
     * @param lifetime how long it works, or {@code null} for a permanent token
     */
    public synchronized AccessToken issue(Collection<String> scopes, Duration lifetime) {
        return store("shpat_", expand(scopes), lifetime == null ? null : clock.instant().plus(lifetime));
    }

    /** The token, if it was issued here and has neither expired nor been revoked. */
    public synchronized Optional<AccessToken> authenticate(String value) {
        if (value == null) {
            return Optional.empty();
        }
        AccessToken token = tokens.get(value);
        return token == null || token.isExpiredAt(clock.instant()) ? Optional.empty() : Optional.of(token);
    }

    /** Revokes an access or refresh token; returns whether it existed. */
    public synchronized boolean revoke(String value) {
        Refresh refresh = refreshTokens.get(value);
        if (refresh != null) {
            refresh.revoked = true;
        }
        return tokens.remove(value) != null || refresh != null;
    }

    /** Revokes every token and refresh token, as uninstalling the app does. */
    public synchronized void revokeAll() {
        tokens.clear();
        refreshTokens.values().forEach(r -> r.revoked = true);
        codes.clear();
    }

    private AccessToken store(String prefix, Collection<String> scopes, Instant expiresAt) {
        AccessToken token = new AccessToken(prefix + randomHex(16), Set.copyOf(expand(scopes)), expiresAt);
        tokens.put(token.value(), token);
        return token;
    }

    /** Splits a comma-separated scope list, trimming and dropping blanks and repeats, keeping order. */
    public static List<String> parseScopes(String scopeList) {
        LinkedHashSet<String> scopes = new LinkedHashSet<>();
        for (String s : scopeList.split(",")) {
            if (!s.isBlank()) {
                scopes.add(s.strip());
            }
        }
        return List.copyOf(scopes);
    }

    /** The scopes with the {@code read_x} each {@code write_x} implies added after it, in order. */
    public static List<String> expand(Collection<String> scopes) {
        LinkedHashSet<String> expanded = new LinkedHashSet<>();
        for (String scope : scopes) {
            expanded.add(scope);
            if (scope.startsWith("write_") || scope.startsWith("unauthenticated_write_")) {
                expanded.add(scope.replaceFirst("write_", "read_"));
            }
        }
        return List.copyOf(expanded);
    }

    /**
     * The {@code scope} string Shopify reports: the scopes comma-separated in order, without a
     * {@code read_x} whose {@code write_x} is present.
     */
    public static String scopeString(Collection<String> scopes) {
        Set<String> all = new LinkedHashSet<>(scopes);
        return String.join(",", all.stream()
                .filter(s -> !(s.contains("read_") && all.contains(s.replaceFirst("read_", "write_"))))
                .toList());
    }

    private String shopHandle() {
        return shopDomain.substring(0, shopDomain.indexOf('.'));
    }

    private boolean secretMatches(String presented) {
        return presented != null
                && MessageDigest.isEqual(clientSecret, presented.getBytes(StandardCharsets.UTF_8));
    }

    private String hmacHex(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    // Sorted key=value pairs, form-encoded, as Shopify signs the callback query.
    private static String formEncode(TreeMap<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    private static Map<String, String> decodeQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!key.isEmpty()) {
                params.put(key, value);
            }
        }
        return params;
    }

    private String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> values = query.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static OAuthReply invalidRequest(String description) {
        return json(400, map("error", "invalid_request", "error_description", description));
    }

    private static OAuthReply errorPage(String error, String description) {
        String html = "<!DOCTYPE html><html><head><title>Oauth error " + error + "</title></head><body>"
                + "<h1>Oauth error " + error + ": " + escapeHtml(description) + "</h1></body></html>";
        return new OAuthReply(400, Map.of("Content-Type", "text/html; charset=utf-8"), html);
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static OAuthReply json(int status, Map<String, Object> body) {
        try {
            return new OAuthReply(status, Map.of("Content-Type", JSON_TYPE), JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an OAuth reply", e);
        }
    }
}
