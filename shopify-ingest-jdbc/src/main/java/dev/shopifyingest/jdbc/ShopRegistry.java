package dev.shopifyingest.jdbc;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.auth.TokenPersistence;
import dev.shopifyingest.jdbc.internal.ChangeSet;
import dev.shopifyingest.jdbc.internal.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant registry: which shops are connected, their tokens (encrypted at rest with the store's
 * {@link TokenCipher}), details and sync status. Obtain it from {@link PostgresStore#shops()}.
 *
 * <p>Shops are keyed by a surrogate {@code shopId}, which every row of the tenant carries, and are
 * unique by domain. Registering a shop again (a re-install) keeps its id and data and replaces its
 * token.
 */
public final class ShopRegistry {

    private static final Logger log = LoggerFactory.getLogger(ShopRegistry.class);

    private static final String COLUMNS = """
            shop_id, domain, name, currency_code, time_zone, scopes, access_token is not null as has_access_token,
            access_token_expires_at, refresh_token_expires_at, installed_at, uninstalled_at, sync_status,
            sync_status_detail, last_synced_at, api_deprecation_reason, api_deprecation_version,
            api_deprecation_noticed_at""";

    private static final String REGISTER = """
            insert into shops as s (domain, access_token, access_token_expires_at, refresh_token,
                    refresh_token_expires_at, token_key_id, scopes, installed_at, created_at, updated_at)
            values (:domain, :accessToken, :accessTokenExpiresAt, :refreshToken, :refreshTokenExpiresAt, :keyId,
                    :scopes, :now, :now, :now)
            on conflict (domain) do update set
                access_token = excluded.access_token,
                access_token_expires_at = excluded.access_token_expires_at,
                refresh_token = excluded.refresh_token,
                refresh_token_expires_at = excluded.refresh_token_expires_at,
                token_key_id = excluded.token_key_id,
                scopes = excluded.scopes,
                installed_at = case when s.uninstalled_at is null then s.installed_at else excluded.installed_at end,
                uninstalled_at = null,
                sync_status = case when s.sync_status in ('STOPPED', 'RECONNECT_NEEDED') then 'PENDING'
                                   else s.sync_status end,
                sync_status_detail = case when s.sync_status in ('STOPPED', 'RECONNECT_NEEDED') then null
                                          else s.sync_status_detail end,
                updated_at = excluded.updated_at
            returning shop_id""";

    private final Database database;
    private final TokenCipher cipher;
    private final String channel;

    ShopRegistry(Database database, TokenCipher cipher, String channel) {
        this.database = database;
        this.cipher = cipher;
        this.channel = channel;
    }

    /**
     * Connects a shop: registers it with its token, or, if it is registered already (a re-install or a
     * new token), replaces the token and scopes and marks it installed again, keeping its id and data.
     * A shop that was {@link SyncStatus#STOPPED} or {@link SyncStatus#RECONNECT_NEEDED} becomes
     * {@link SyncStatus#PENDING}: the new grant is what it was waiting for.
     *
     * @param token the token from the OAuth exchange
     * @return the shop
     * @throws StoreSetupException if the store has no {@link TokenCipher}
     */
    public Shop register(AccessToken token) {
        Objects.requireNonNull(token, "token");
        TokenCipher tokens = requireCipher();
        String domain = token.shop().value();
        byte[] access = tokens.encrypt(token.accessToken(), domain + "|access");
        byte[] refresh = token.refreshToken() == null ? null : tokens.encrypt(token.refreshToken(), domain + "|refresh");
        Instant now = database.clock().instant();
        Shop shop = database.inRegistry("registering shop " + domain, handle -> {
            long shopId = handle.createQuery(REGISTER)
                    .bind("domain", domain)
                    .bind("accessToken", access)
                    .bind("accessTokenExpiresAt", utc(token.expiresAt()))
                    .bind("refreshToken", refresh)
                    .bind("refreshTokenExpiresAt", utc(token.refreshTokenExpiresAt()))
                    .bind("keyId", tokens.currentKeyId())
                    .bindArray("scopes", String.class, List.copyOf(token.scopes()))
                    .bind("now", utc(now))
                    .mapTo(Long.class)
                    .one();
            notifyShop(handle, shopId, ChangeEvent.Kind.SHOP_UPDATED);
            return select(handle, "shop_id = :id", shopId).orElseThrow();
        });
        log.info("Registered shop {} as tenant {} (scopes {})", domain, shop.shopId(), shop.scopes());
        return shop;
    }

    /**
     * Connects a shop and records its details in one step.
     *
     * @param token the token from the OAuth exchange
     * @param details name, currency and time zone
     * @return the shop
     */
    public Shop register(AccessToken token, ShopDetails details) {
        Shop shop = register(token);
        return updateDetails(shop.shopId(), details);
    }

    /**
     * Records a shop's name, currency and time zone.
     *
     * @param shopId the shop
     * @param details the details
     * @return the updated shop
     * @throws ShopNotFoundException if no such shop is registered
     */
    public Shop updateDetails(long shopId, ShopDetails details) {
        Objects.requireNonNull(details, "details");
        return database.inRegistry("updating the details of shop " + shopId, handle -> {
            int updated = handle.createUpdate("""
                            update shops set name = :name, currency_code = :currency, time_zone = :zone,
                                   updated_at = :now
                            where shop_id = :id""")
                    .bind("name", details.name())
                    .bind("currency", details.currencyCode())
                    .bind("zone", details.timeZone() == null ? null : details.timeZone().getId())
                    .bind("now", utc(database.clock().instant()))
                    .bind("id", shopId)
                    .execute();
            requireUpdated(updated, shopId);
            notifyShop(handle, shopId, ChangeEvent.Kind.SHOP_UPDATED);
            return select(handle, "shop_id = :id", shopId).orElseThrow();
        });
    }

    /**
     * Looks a shop up by id.
     *
     * @param shopId the tenant id
     * @return the shop, or empty if none has that id
     */
    public Optional<Shop> find(long shopId) {
        return database.inRegistry("looking up shop " + shopId, handle -> select(handle, "shop_id = :id", shopId));
    }

    /**
     * Looks a shop up by domain.
     *
     * @param domain the canonical domain
     * @return the shop, or empty if it is not registered
     */
    public Optional<Shop> find(ShopDomain domain) {
        Objects.requireNonNull(domain, "domain");
        return database.inRegistry("looking up shop " + domain,
                handle -> select(handle, "domain = :id", domain.value()));
    }

    /**
     * Looks a shop up by domain, failing if it is not registered.
     *
     * @param domain the canonical domain
     * @return the shop
     * @throws ShopNotFoundException if it is not registered
     */
    public Shop require(ShopDomain domain) {
        return find(domain).orElseThrow(() -> new ShopNotFoundException("Shop " + domain
                + " is not registered; register it with its access token first."));
    }

    /**
     * All registered shops, installed or not, by id.
     *
     * @return the shops
     */
    public List<Shop> list() {
        return database.inRegistry("listing shops", handle -> handle
                .createQuery("select " + COLUMNS + " from shops order by shop_id")
                .map((rs, ctx) -> map(rs))
                .list());
    }

    /**
     * How many shops are in each state (installed or not, with a token or not, sync status), in one
     * grouped query: for gauges and dashboards that would otherwise {@link #list()} every shop.
     * States no shop is in are left out.
     *
     * @return one count per state that has shops, in no particular order
     */
    public List<ShopStateCount> countByState() {
        return database.inRegistry("counting shops by state", handle -> handle
                .createQuery("""
                        select uninstalled_at is null as installed, access_token is not null as has_access_token,
                               sync_status, count(*) as shops
                        from shops
                        group by 1, 2, 3""")
                .map((rs, ctx) -> new ShopStateCount(rs.getBoolean("installed"), rs.getBoolean("has_access_token"),
                        SyncStatus.valueOf(rs.getString("sync_status")), rs.getLong("shops")))
                .list());
    }

    /**
     * The shop's decrypted token, for calling the Admin API.
     *
     * @param shopId the shop
     * @return the token, or empty when revoked (uninstalled) or the shop is unknown
     * @throws TokenKeyException if the token was encrypted with a key the cipher does not hold
     * @throws StoreSetupException if the store has no {@link TokenCipher}
     */
    public Optional<AccessToken> accessToken(long shopId) {
        TokenCipher tokens = requireCipher();
        return database.inRegistry("reading the token of shop " + shopId,
                handle -> handle.createQuery(TOKEN + " where shop_id = :id")
                        .bind("id", shopId)
                        .map((rs, ctx) -> token(rs, tokens))
                        .findOne()
                        .flatMap(Optional::ofNullable));
    }

    private static final String TOKEN = """
            select domain, access_token, access_token_expires_at, refresh_token, refresh_token_expires_at, scopes
            from shops""";

    /**
     * Records where a shop's sync stands; {@link SyncStatus#IDLE} also stamps
     * {@link Shop#lastSyncedAt()}.
     *
     * @param shopId the shop
     * @param status the new status
     * @param detail a human-readable detail such as the failure, or null; no secrets
     * @throws ShopNotFoundException if no such shop is registered
     */
    public void updateSyncStatus(long shopId, SyncStatus status, String detail) {
        Objects.requireNonNull(status, "status");
        database.inRegistry("updating the sync status of shop " + shopId, handle -> {
            Instant now = database.clock().instant();
            int updated = handle.createUpdate("""
                            update shops set sync_status = :status, sync_status_detail = :detail,
                                   last_synced_at = case when :status = 'IDLE' then :now else last_synced_at end,
                                   updated_at = :now
                            where shop_id = :id""")
                    .bind("status", status.name())
                    .bind("detail", detail)
                    .bind("now", utc(now))
                    .bind("id", shopId)
                    .execute();
            requireUpdated(updated, shopId);
            notifyShop(handle, shopId, ChangeEvent.Kind.SHOP_UPDATED);
            return null;
        });
    }

    /**
     * Records a deprecation notice Shopify sent for the shop (the {@code X-Shopify-API-Deprecated-Reason}
     * header), replacing the previous one; hand this to core's {@code DeprecationListener}. A shop
     * that is not registered is left alone.
     *
     * @param domain     the shop
     * @param apiVersion the API version requested
     * @param reason     Shopify's reason
     * @return whether a registered shop recorded it
     */
    public boolean recordApiDeprecation(ShopDomain domain, String apiVersion, String reason) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(reason, "reason");
        return database.inRegistry("recording a deprecation notice of shop " + domain, handle -> {
            Long shopId = handle.createQuery("""
                            update shops set api_deprecation_reason = :reason, api_deprecation_version = :version,
                                   api_deprecation_noticed_at = :now, updated_at = :now
                            where domain = :domain
                            returning shop_id""")
                    .bind("reason", reason)
                    .bind("version", apiVersion)
                    .bind("now", utc(database.clock().instant()))
                    .bind("domain", domain.value())
                    .mapTo(Long.class)
                    .findOne()
                    .orElse(null);
            if (shopId == null) {
                return false;
            }
            notifyShop(handle, shopId, ChangeEvent.Kind.SHOP_UPDATED);
            return true;
        });
    }

    /**
     * Handles {@code app/uninstalled}: erases the tokens (they no longer work), marks the shop
     * uninstalled and its sync {@link SyncStatus#STOPPED}. Its data stays until {@link #erase(long)}
     * ({@code shop/redact}, about 48 hours later) or a re-install.
     *
     * @param shopId the shop
     * @throws ShopNotFoundException if no such shop is registered
     */
    public void markUninstalled(long shopId) {
        database.inRegistry("marking shop " + shopId + " uninstalled", handle -> {
            uninstall(handle, shopId, database.clock().instant());
            notifyShop(handle, shopId, ChangeEvent.Kind.SHOP_UPDATED);
            return null;
        });
        log.info("Shop {} marked uninstalled; its tokens were erased", shopId);
    }

    /**
     * Handles {@code shop/redact}: deletes the shop and every row of it (customers, products, orders,
     * checkpoints, inbox). Its id is never reused; registering the domain again creates a new tenant.
     *
     * @param shopId the shop
     * @return whether the shop existed
     */
    public boolean erase(long shopId) {
        boolean erased = database.inRegistry("erasing shop " + shopId, handle -> {
            boolean existed = eraseShop(handle, shopId);
            if (existed) {
                notifyShop(handle, shopId, ChangeEvent.Kind.SHOP_ERASED);
            }
            return existed;
        });
        if (erased) {
            log.info("Shop {} erased with all its data", shopId);
        }
        return erased;
    }

    /**
     * Serialises token refreshes of one shop across all app instances: locks the shop's row, hands
     * the stored token to {@code refresh}, saves what it returns if it is a different token, and only
     * then releases the lock. An instance that waited for the lock sees the token the first one saved,
     * so it need not refresh again.
     *
     * @param shopId the shop
     * @param refresh given the stored token, returns it unchanged when it is still fresh, or a new
     *     token from Shopify (it may call Shopify; the lock is held meanwhile)
     * @return the token now stored
     * @throws ShopNotFoundException if no such shop is registered or its token was revoked
     */
    public AccessToken refreshLock(long shopId, UnaryOperator<AccessToken> refresh) {
        Objects.requireNonNull(refresh, "refresh");
        TokenCipher tokens = requireCipher();
        return database.inTenant(shopId, "refreshing the token of shop " + shopId, handle -> {
            AccessToken current = handle.createQuery(TOKEN + " where shop_id = :id for update")
                    .bind("id", shopId)
                    .map((rs, ctx) -> token(rs, tokens))
                    .findOne()
                    .orElse(null);
            if (current == null) {
                throw new ShopNotFoundException("Shop " + shopId + " is not registered or its token was revoked;"
                        + " it must be installed again before its token can be refreshed.");
            }
            AccessToken next = Objects.requireNonNull(refresh.apply(current), "refresh returned null");
            if (!next.equals(current)) {
                if (!next.shop().equals(current.shop())) {
                    throw new IllegalArgumentException("The refreshed token is for another shop");
                }
                storeToken(handle, shopId, next, tokens);
                log.info("Refreshed the access token of shop {} (expires {})", next.shop(), next.expiresAt());
            }
            return next;
        });
    }

    /**
     * Core's {@link TokenPersistence} for one shop, backed by {@link #refreshLock}: hand it to a
     * {@code RefreshingTokenSource} so that expiring tokens are refreshed by one instance at a time
     * and every rotated token is stored before it is used.
     *
     * @param shopId the shop
     * @return the persistence
     */
    public TokenPersistence tokenPersistence(long shopId) {
        return refresh -> refreshLock(shopId, refresh);
    }

    /**
     * Re-encrypts every stored token that was made with an older key, with the current key, so the
     * older key can be removed from the {@link TokenCipher}.
     *
     * @return how many shops' tokens were re-encrypted
     */
    public int reencryptTokens() {
        TokenCipher tokens = requireCipher();
        return database.inRegistry("re-encrypting tokens", handle -> {
            List<Long> ids = handle.createQuery("""
                            select shop_id from shops
                            where access_token is not null and token_key_id is distinct from :key
                            order by shop_id for update""")
                    .bind("key", tokens.currentKeyId())
                    .mapTo(Long.class)
                    .list();
            for (long id : ids) {
                AccessToken token = handle.createQuery(TOKEN + " where shop_id = :id")
                        .bind("id", id)
                        .map((rs, ctx) -> token(rs, tokens))
                        .one();
                storeToken(handle, id, token, tokens);
            }
            if (!ids.isEmpty()) {
                log.info("Re-encrypted the tokens of {} shops with key {}", ids.size(), tokens.currentKeyId());
            }
            return ids.size();
        });
    }

    /**
     * Describes the registry without secrets.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        return "ShopRegistry[schema=" + database.schema() + ", tokenCipher=" + cipher + "]";
    }

    /** Erases tokens and marks the shop uninstalled, in the caller's transaction. */
    static void uninstall(Handle handle, long shopId, Instant now) {
        int updated = handle.createUpdate("""
                        update shops set access_token = null, refresh_token = null, access_token_expires_at = null,
                               refresh_token_expires_at = null, token_key_id = null,
                               uninstalled_at = coalesce(uninstalled_at, :now), sync_status = 'STOPPED',
                               sync_status_detail = 'The app was uninstalled', updated_at = :now
                        where shop_id = :id""")
                .bind("now", utc(now))
                .bind("id", shopId)
                .execute();
        requireUpdated(updated, shopId);
    }

    /** Deletes the shop row; foreign keys cascade to every table of the tenant. */
    static boolean eraseShop(Handle handle, long shopId) {
        return handle.createUpdate("delete from shops where shop_id = :id").bind("id", shopId).execute() > 0;
    }

    private void storeToken(Handle handle, long shopId, AccessToken token, TokenCipher tokens) {
        String domain = token.shop().value();
        handle.createUpdate("""
                        update shops set access_token = :access, access_token_expires_at = :accessExpires,
                               refresh_token = :refresh, refresh_token_expires_at = :refreshExpires,
                               token_key_id = :key, scopes = :scopes, updated_at = :now
                        where shop_id = :id""")
                .bind("access", tokens.encrypt(token.accessToken(), domain + "|access"))
                .bind("accessExpires", utc(token.expiresAt()))
                .bind("refresh", token.refreshToken() == null ? null
                        : tokens.encrypt(token.refreshToken(), domain + "|refresh"))
                .bind("refreshExpires", utc(token.refreshTokenExpiresAt()))
                .bind("key", tokens.currentKeyId())
                .bindArray("scopes", String.class, List.copyOf(token.scopes()))
                .bind("now", utc(database.clock().instant()))
                .bind("id", shopId)
                .execute();
    }

    private void notifyShop(Handle handle, long shopId, ChangeEvent.Kind kind) throws SQLException {
        ChangeSet changes = new ChangeSet();
        changes.shop(shopId, kind);
        changes.notify(handle.getConnection(), channel);
    }

    private Optional<Shop> select(Handle handle, String condition, Object key) {
        return handle.createQuery("select " + COLUMNS + " from shops where " + condition)
                .bind("id", key)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    private TokenCipher requireCipher() {
        if (cipher == null) {
            throw new StoreSetupException("This store has no TokenCipher, so it cannot store or read tokens."
                    + " Configure one with PostgresStore.builder().tokenCipher(...).");
        }
        return cipher;
    }

    private static AccessToken token(ResultSet rs, TokenCipher tokens) throws SQLException {
        byte[] access = rs.getBytes("access_token");
        if (access == null) {
            return null;
        }
        String domain = rs.getString("domain");
        byte[] refresh = rs.getBytes("refresh_token");
        return new AccessToken(new ShopDomain(domain), tokens.decrypt(access, domain + "|access"),
                new LinkedHashSet<>(strings(rs, "scopes")), instant(rs, "access_token_expires_at"),
                refresh == null ? null : tokens.decrypt(refresh, domain + "|refresh"),
                instant(rs, "refresh_token_expires_at"));
    }

    static Shop map(ResultSet rs) throws SQLException {
        String zone = rs.getString("time_zone");
        return new Shop(rs.getLong("shop_id"), new ShopDomain(rs.getString("domain")),
                new ShopDetails(rs.getString("name"), rs.getString("currency_code"), zone == null ? null : ZoneId.of(zone)),
                new LinkedHashSet<>(strings(rs, "scopes")), rs.getBoolean("has_access_token"),
                instant(rs, "access_token_expires_at"), instant(rs, "refresh_token_expires_at"),
                instant(rs, "installed_at"), instant(rs, "uninstalled_at"),
                SyncStatus.valueOf(rs.getString("sync_status")), rs.getString("sync_status_detail"),
                instant(rs, "last_synced_at"), apiDeprecation(rs));
    }

    private static ApiDeprecation apiDeprecation(ResultSet rs) throws SQLException {
        String reason = rs.getString("api_deprecation_reason");
        return reason == null ? null : new ApiDeprecation(rs.getString("api_deprecation_version"), reason,
                instant(rs, "api_deprecation_noticed_at"));
    }

    private static void requireUpdated(int updated, long shopId) {
        if (updated == 0) {
            throw new ShopNotFoundException("No shop with id " + shopId + " is registered.");
        }
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
