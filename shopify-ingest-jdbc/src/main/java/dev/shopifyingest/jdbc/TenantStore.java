package dev.shopifyingest.jdbc;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.Deletion;
import dev.shopifyingest.core.model.Entity;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Product;
import dev.shopifyingest.core.sync.SyncCheckpoint;
import dev.shopifyingest.jdbc.internal.ChangeSet;
import dev.shopifyingest.jdbc.internal.CheckpointRows;
import dev.shopifyingest.jdbc.internal.Database;
import dev.shopifyingest.jdbc.internal.Entities;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.HandleCallback;

/**
 * One tenant's view of the store: every call runs in its own transaction that acts for this shop
 * only, enforced by PostgreSQL's row-level security. Nothing here can name another shop's rows.
 * Obtain it with {@link PostgresStore#forShop(long)}; it is cheap, immutable and thread-safe.
 *
 * <p>For SQL of your own (reports, exports), {@link #inTransaction(HandleCallback)} hands out the
 * transaction's Jdbi handle: even a statement without any {@code WHERE shop_id = ...} sees, updates
 * and deletes this tenant's rows only.
 */
public final class TenantStore {

    private final Database database;
    private final Entities entities;
    private final long shopId;
    private final String channel;

    TenantStore(Database database, Entities entities, long shopId, String channel) {
        this.database = database;
        this.entities = entities;
        this.shopId = shopId;
        this.channel = channel;
    }

    /**
     * The tenant id.
     *
     * @return the shop id
     */
    public long shopId() {
        return shopId;
    }

    /**
     * Reads this shop's customers.
     *
     * @return a reader
     */
    public EntityReader<Customer> customers() {
        return new EntityReader<>(database, entities, shopId, EntityType.CUSTOMER, Customer.class);
    }

    /**
     * Reads this shop's products with their variants.
     *
     * @return a reader
     */
    public EntityReader<Product> products() {
        return new EntityReader<>(database, entities, shopId, EntityType.PRODUCT, Product.class);
    }

    /**
     * Reads this shop's orders with their line items and refunds.
     *
     * @return a reader
     */
    public EntityReader<Order> orders() {
        return new EntityReader<>(database, entities, shopId, EntityType.ORDER, Order.class);
    }

    /**
     * The orders of one customer, by id.
     *
     * @param customerId the customer
     * @return their live orders
     */
    public List<Order> ordersOfCustomer(long customerId) {
        return database.inTenant(shopId, "reading the orders of a customer of shop " + shopId,
                handle -> entities.ordersOfCustomer(handle.getConnection(), shopId, customerId));
    }

    /**
     * Stores versions and deletions with the same rules as the {@linkplain PostgresStore#sink() sink}:
     * a version is kept only if it is not older than the stored one, a deletion is a tombstone that
     * older versions do not overturn, and children are replaced with their parent.
     *
     * @param upserts versions of this shop's entities
     * @param deletions deletions
     * @throws ShopNotFoundException if the shop is not registered
     */
    public void apply(List<? extends Entity> upserts, List<Deletion> deletions) {
        Objects.requireNonNull(upserts, "upserts");
        Objects.requireNonNull(deletions, "deletions");
        database.inTenant(shopId, "storing entities of shop " + shopId, handle -> {
            ChangeSet changes = new ChangeSet();
            entities.write(handle.getConnection(), shopId, upserts, deletions, database.clock().instant(), changes);
            changes.notify(handle.getConnection(), channel);
            return null;
        });
    }

    /**
     * The sync checkpoint of one entity type.
     *
     * @param type the entity type
     * @return the checkpoint, or empty before the first sync
     */
    public Optional<SyncCheckpoint> checkpoint(EntityType type) {
        Objects.requireNonNull(type, "type");
        return database.inTenant(shopId, "reading a checkpoint of shop " + shopId, handle -> {
            Optional<String> domain = handle.createQuery("select domain from shops where shop_id = :id")
                    .bind("id", shopId).mapTo(String.class).findOne();
            if (domain.isEmpty()) {
                return Optional.<SyncCheckpoint>empty();
            }
            return CheckpointRows.load(handle.getConnection(), shopId, new ShopDomain(domain.get()), type);
        });
    }

    /**
     * Erases a customer's personal data ({@code customers/redact}): see {@link CustomerRedaction}.
     * Names, e-mail, phone, tags and the raw node of the customer, and the e-mail, raw node and
     * refund notes of their orders are erased; amounts stay, anonymised, so analytics stay right.
     * Versions that arrive later never bring the personal data back.
     *
     * @param customerId the customer
     * @param orderIds further orders to redact ({@code orders_to_redact}), e.g. guest orders
     * @return what was erased
     */
    public CustomerRedaction redactCustomer(long customerId, Collection<Long> orderIds) {
        Objects.requireNonNull(orderIds, "orderIds");
        return database.inTenant(shopId, "redacting a customer of shop " + shopId, handle -> {
            ChangeSet changes = new ChangeSet();
            CustomerRedaction result = Compliance.redact(handle, shopId, customerId, orderIds,
                    database.clock().instant(), changes);
            changes.notify(handle.getConnection(), channel);
            return result;
        });
    }

    /**
     * Everything stored about a customer, for {@code customers/data_request}: one JSON object with
     * {@code shop}, {@code customer_id}, {@code customer} (every stored column, or null) and
     * {@code orders} (theirs and those listed, each with {@code line_items} and {@code refunds}).
     *
     * @param customerId the customer
     * @param orderIds further orders to include ({@code orders_requested})
     * @return the JSON text
     */
    public String customerData(long customerId, Collection<Long> orderIds) {
        Objects.requireNonNull(orderIds, "orderIds");
        return database.inTenant(shopId, "exporting a customer of shop " + shopId,
                handle -> Compliance.customerData(handle, shopId, customerId, orderIds));
    }

    /**
     * The {@code customers/data_request}s the store kept for this shop, newest first: each must be
     * passed on to the customer by the merchant. They are erased with the customer
     * ({@code customers/redact}) and with the shop ({@code shop/redact}).
     *
     * @return the kept requests, without their exports
     */
    public List<StoredDataRequest> dataRequests() {
        return database.inTenant(shopId, "listing the data requests of shop " + shopId,
                handle -> Compliance.dataRequests(handle, shopId));
    }

    /**
     * The export kept for one data request: the JSON document of {@link #customerData} as it was
     * when the request arrived.
     *
     * @param webhookId the request's {@link StoredDataRequest#webhookId()}
     * @return the JSON text, or empty when this shop kept no such request
     */
    public Optional<String> dataRequestExport(String webhookId) {
        Objects.requireNonNull(webhookId, "webhookId");
        return database.inTenant(shopId, "reading a data request of shop " + shopId,
                handle -> Compliance.dataRequestExport(handle, shopId, webhookId));
    }

    /**
     * Runs your own SQL in a transaction acting for this shop, committed when {@code callback}
     * returns and rolled back if it throws. The search path is the store's schema, so tables are
     * named without it. Row-level security scopes every statement to this shop, with or without a
     * {@code WHERE} clause: it is a guard against mistakes, not a sandbox for untrusted SQL.
     *
     * <p>Do not commit, roll back or end the transaction on the handle: the role and the tenant
     * are transaction-local, so statements after that would run as the pool's login role (which,
     * for a superuser pool, bypasses row-level security).
     *
     * @param callback the work, given the transaction's Jdbi handle
     * @param <T> its result
     * @param <X> what it may throw
     * @return what the callback returned
     * @throws X what the callback threw
     */
    public <T, X extends Exception> T inTransaction(HandleCallback<T, X> callback) throws X {
        Objects.requireNonNull(callback, "callback");
        return database.inTenantCallback(shopId, callback);
    }

    /**
     * Names the tenant.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "TenantStore[shopId=" + shopId + "]";
    }
}
