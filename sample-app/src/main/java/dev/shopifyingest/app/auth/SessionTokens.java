package dev.shopifyingest.app.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.shopifyingest.app.config.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and verifies session tokens: JWTs signed with HS256 under {@code JWT_SECRET}, naming a
 * user ({@code sub}) and a session ({@code sid}), with issuer, audience, issue time and a short
 * expiry.
 *
 * <p>Verification accepts HS256 only, checked explicitly in the header before the signature, so
 * {@code alg: none}, RS256-with-the-secret-as-public-key and every other algorithm are refused
 * whatever the library would do. {@code exp}, {@code iat}, {@code iss}, {@code aud}, {@code sub}
 * and {@code sid} are all required. Time comes from the injected clock.
 */
final class SessionTokens {

    /** How long a token is valid; activity renews it ({@link #shouldRenew}), up to the session's end. */
    static final Duration LIFETIME = Duration.ofMinutes(30);
    /** Tokens longer than this are refused unparsed. */
    static final int MAX_TOKEN_LENGTH = 2048;

    private static final String SESSION_CLAIM = "sid";

    /**
     * A verified token's content.
     *
     * @param userId    the user
     * @param sessionId the session
     * @param issuedAt  when the token was issued
     * @param expiresAt when it stops being valid
     */
    record Claims(long userId, UUID sessionId, Instant issuedAt, Instant expiresAt) {
    }

    private final Algorithm algorithm;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final JWTVerifier verifier;

    SessionTokens(Secret key, String issuer, String audience, Clock clock) {
        this.algorithm = Algorithm.HMAC256(Objects.requireNonNull(key, "key").bytes());
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.clock = Objects.requireNonNull(clock, "clock");
        // build(Clock) is on the implementation only; it makes exp and iat checks use our clock.
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm)
                .withIssuer(issuer)
                .withAudience(audience)
                .withClaimPresence("sub")
                .withClaimPresence(SESSION_CLAIM)
                .withClaimPresence("iat")
                .withClaimPresence("exp"))
                .build(clock);
    }

    /**
     * Issues a token for a session.
     *
     * @param userId     the user
     * @param sessionId  the session
     * @param sessionEnd the session's absolute end: the token never outlives it
     * @return the token and its expiry
     */
    Issued issue(long userId, UUID sessionId, Instant sessionEnd) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(LIFETIME);
        if (expiresAt.isAfter(sessionEnd)) {
            expiresAt = sessionEnd;
        }
        String token = JWT.create()
                .withIssuer(issuer)
                .withAudience(audience)
                .withSubject(Long.toString(userId))
                .withClaim(SESSION_CLAIM, sessionId.toString())
                .withIssuedAt(now)
                .withExpiresAt(expiresAt)
                .sign(algorithm);
        return new Issued(token, expiresAt);
    }

    /**
     * An issued token. {@link #toString()} leaves the token out.
     *
     * @param token     the JWT
     * @param expiresAt when it expires
     */
    record Issued(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * Verifies a token.
     *
     * @param token the token from the session cookie
     * @return its claims; empty when it is malformed, forged, expired or otherwise invalid
     */
    Optional<Claims> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        try {
            DecodedJWT unverified = JWT.decode(token);
            if (!"HS256".equals(unverified.getAlgorithm())
                    || (unverified.getType() != null && !"JWT".equals(unverified.getType()))) {
                return Optional.empty();
            }
            DecodedJWT jwt = verifier.verify(unverified);
            long userId = Long.parseLong(jwt.getSubject());
            UUID sessionId = UUID.fromString(jwt.getClaim(SESSION_CLAIM).asString());
            return Optional.of(new Claims(userId, sessionId, jwt.getIssuedAtAsInstant(), jwt.getExpiresAtAsInstant()));
        } catch (JWTVerificationException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Whether a valid token is old enough to be replaced by a fresh one: half its lifetime has passed. */
    boolean shouldRenew(Claims claims) {
        return !clock.instant().isBefore(claims.issuedAt().plus(LIFETIME.dividedBy(2)));
    }
}
