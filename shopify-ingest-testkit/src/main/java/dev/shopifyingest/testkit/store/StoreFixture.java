package dev.shopifyingest.testkit.store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A deterministic generated store: the same seed, sizes and period always give the same shop,
 * customers, products and orders. Every entity is computed from its index on demand, so a store of
 * a million orders costs no memory until it is read.
 *
 * <p>Orders are spread evenly over the period (by default the 12 months before the end time) and
 * are numbered, and id-ordered, by creation time. Customers are created from half a period before
 * the start up to the end; an order only goes to a customer who existed when it was placed, and
 * earlier customers order more often, so "top customers" is a meaningful question. Products exist
 * before the first order.
 *
 * <p>The mix is realistic for analytics tests: about 5% guest checkouts, 3% cancelled orders, 2%
 * test orders, partial and full refunds, pending and authorized payments, line discounts, shipping
 * and tax. All ids are above 2<sup>53</sup> so that a client which parses ids as {@code double}
 * loses precision and fails its tests.
 */
public final class StoreFixture {

    /** First customer id; every id is above 2^53 (9,007,199,254,740,992). */
    static final long CUSTOMER_ID_BASE = 9_007_199_255_000_001L;
    static final long PRODUCT_ID_BASE = 9_007_199_256_000_001L;
    static final long VARIANT_ID_BASE = 9_007_199_257_000_000L;
    static final long ORDER_ID_BASE = 9_007_199_260_000_001L;
    static final long LINE_ITEM_ID_BASE = 9_007_199_300_000_000L;
    static final long REFUND_ID_BASE = 9_007_199_900_000_000L;
    static final int MAX_VARIANTS = 4;
    static final int MAX_LINES = 5;
    static final int MAX_REFUNDS = 2;
    private static final int FIRST_ORDER_NUMBER = 1001;
    private static final BigDecimal TAX_RATE = new BigDecimal("0.08");
    private static final BigDecimal FREE_SHIPPING_FROM = new BigDecimal("100.00");
    private static final BigDecimal SHIPPING = new BigDecimal("7.50");

    private static final String[] FIRST_NAMES = {"Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia", "Elijah",
        "Isabella", "James", "Mia", "William", "Amelia", "Benjamin", "Harper", "Lucas", "Evelyn", "Henry", "Abigail",
        "Theodore", "Emily", "Jack", "Ella", "Levi", "Chloé", "Mateo", "Zoë", "Søren", "Aiko", "Ravi"};
    private static final String[] LAST_NAMES = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
        "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
        "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "O'Neil", "Nakamura", "Müller"};
    private static final FakeAddress[] CITIES = {
        new FakeAddress(null, "New York", "New York", "NY", "United States", "US", "10001"),
        new FakeAddress(null, "Los Angeles", "California", "CA", "United States", "US", "90001"),
        new FakeAddress(null, "Chicago", "Illinois", "IL", "United States", "US", "60601"),
        new FakeAddress(null, "Houston", "Texas", "TX", "United States", "US", "77001"),
        new FakeAddress(null, "Seattle", "Washington", "WA", "United States", "US", "98101"),
        new FakeAddress(null, "Boston", "Massachusetts", "MA", "United States", "US", "02108"),
        new FakeAddress(null, "Toronto", "Ontario", "ON", "Canada", "CA", "M5H 2N2"),
        new FakeAddress(null, "London", "England", "ENG", "United Kingdom", "GB", "SW1A 1AA")};
    private static final String[] STREETS = {"Main St", "Oak Ave", "Maple Rd", "Cedar Ln", "Pine St", "Elm St"};
    private static final String[] ADJECTIVES = {"Classic", "Organic", "Everyday", "Premium", "Vintage", "Handmade",
        "Essential", "Cozy", "Bold", "Minimal"};
    private static final String[] NOUNS = {"T-Shirt", "Hoodie", "Mug", "Notebook", "Backpack", "Candle", "Sneakers",
        "Water Bottle", "Scarf", "Cap", "Tote Bag", "Socks"};
    private static final String[] TYPES = {"Apparel", "Home", "Stationery", "Accessories"};
    private static final String[] VENDORS = {"Northwind", "Acme Goods", "Blue Harbor", "Maple & Co"};
    private static final String[][] VARIANT_TITLES = {{"Default Title"}, {"Small", "Large"},
        {"Small", "Medium", "Large"}, {"XS", "S", "M", "L"}};

    private final long seed;
    private final int customers;
    private final int products;
    private final int orders;
    private final Instant start;
    private final Instant end;
    private final FakeShop shop;
    private final Instant customersStart;
    private final int requestedCustomers;
    private final int requestedProducts;

    private StoreFixture(Builder builder) {
        this.requestedCustomers = builder.customers;
        this.requestedProducts = builder.products;
        this.seed = builder.seed;
        this.customers = builder.customers >= 0 ? builder.customers : Math.max(1, builder.orders / 3);
        this.products = builder.products >= 0 ? builder.products : Math.max(1, Math.min(200, 12 + builder.orders / 50));
        this.orders = builder.orders;
        this.end = builder.end != null ? builder.end : builder.clock.instant().truncatedTo(ChronoUnit.HOURS);
        this.start = end.minus(builder.period);
        this.customersStart = start.minus(builder.period.dividedBy(2));
        this.shop = new FakeShop(builder.shopId, builder.shopName, builder.shopDomain, builder.shopEmail,
                builder.currency, builder.timeZone, builder.planName);
        if (orders > 0 && (this.customers == 0 || this.products == 0)) {
            throw new IllegalArgumentException("A store with orders needs at least one customer and one product");
        }
    }

    /** A builder with the defaults: seed 42, 360 orders over the last 12 months, a USD store in New York time. */
    public static Builder builder() {
        return new Builder();
    }

    /** The default store: 360 orders spread evenly over the 12 months before now. */
    public static StoreFixture defaults() {
        return builder().build();
    }

    /** A builder holding this fixture's settings, to derive a variant; derived sizes stay derived. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.seed = seed;
        b.customers = requestedCustomers;
        b.products = requestedProducts;
        b.orders = orders;
        b.end = end;
        b.period = Duration.between(start, end);
        b.shopId = shop.id();
        b.shopName = shop.name();
        b.shopDomain = shop.domain();
        b.shopEmail = shop.email();
        b.currency = shop.currencyCode();
        b.timeZone = shop.timeZone();
        b.planName = shop.planName();
        return b;
    }

    /** The shop this fixture describes. */
    public FakeShop shop() {
        return shop;
    }

    /** The seed every entity derives from. */
    public long seed() {
        return seed;
    }

    /** Start of the order period (inclusive). */
    public Instant start() {
        return start;
    }

    /** End of the order period (exclusive); no generated timestamp is later. */
    public Instant end() {
        return end;
    }

    /** Number of generated customers. */
    public int customerCount() {
        return customers;
    }

    /** Number of generated products. */
    public int productCount() {
        return products;
    }

    /** Number of generated orders. */
    public int orderCount() {
        return orders;
    }

    /** The numeric id of the generated customer at {@code index}. */
    public static long customerId(int index) {
        return CUSTOMER_ID_BASE + index;
    }

    /** The numeric id of the generated product at {@code index}. */
    public static long productId(int index) {
        return PRODUCT_ID_BASE + index;
    }

    /** The numeric id of the generated order at {@code index}. */
    public static long orderId(int index) {
        return ORDER_ID_BASE + index;
    }

    /** The index of a generated customer id, or -1 when the id is not one this fixture generates. */
    public int customerIndex(long id) {
        return indexIn(id, CUSTOMER_ID_BASE, customers);
    }

    /** The index of a generated product id, or -1. */
    public int productIndex(long id) {
        return indexIn(id, PRODUCT_ID_BASE, products);
    }

    /** The index of a generated order id, or -1. */
    public int orderIndex(long id) {
        return indexIn(id, ORDER_ID_BASE, orders);
    }

    private static int indexIn(long id, long base, int count) {
        long index = id - base;
        return index >= 0 && index < count ? (int) index : -1;
    }

    /** The generated customer at {@code index} (0-based). */
    public FakeCustomer customer(int index) {
        Objects.checkIndex(index, customers);
        SplittableRandom random = random(1, index);
        Instant createdAt = spread(customersStart, end, index, customers, random.nextDouble());
        Instant updatedAt = later(createdAt, random.nextDouble() < 0.3 ? random.nextLong(1, 90 * 86_400L) : 0);
        String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
        String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        String email = ascii(first) + "." + ascii(last) + "." + index + "@example.com";
        String phone = random.nextDouble() < 0.6 ? "+1555" + String.format("%07d", random.nextInt(10_000_000)) : null;
        FakeAddress city = CITIES[random.nextInt(CITIES.length)];
        FakeAddress address = new FakeAddress((1 + random.nextInt(999)) + " " + STREETS[random.nextInt(STREETS.length)],
                city.city(), city.province(), city.provinceCode(), city.country(), city.countryCode(), city.zip());
        List<String> tags = random.nextDouble() < 0.2 ? List.of("vip") : List.of();
        return new FakeCustomer(customerId(index), first, last, email, phone, random.nextDouble() < 0.45, address,
                tags, createdAt, updatedAt);
    }

    /** The generated product at {@code index} (0-based), with its variants. */
    public FakeProduct product(int index) {
        Objects.checkIndex(index, products);
        SplittableRandom random = random(2, index);
        Instant createdAt = spread(customersStart, start, index, products, random.nextDouble());
        Instant updatedAt = later(createdAt, random.nextLong(0, 30 * 86_400L));
        String title = ADJECTIVES[random.nextInt(ADJECTIVES.length)] + " " + NOUNS[index % NOUNS.length];
        String handle = title.toLowerCase().replaceAll("[^a-z0-9]+", "-") + "-" + index;
        String[] variantTitles = VARIANT_TITLES[random.nextInt(VARIANT_TITLES.length)];
        BigDecimal basePrice = BigDecimal.valueOf(5 + random.nextInt(120)).add(
                new BigDecimal(new String[] {"0.99", "0.00", "0.50", "0.95"}[random.nextInt(4)]));
        List<FakeVariant> variants = new ArrayList<>(variantTitles.length);
        for (int v = 0; v < variantTitles.length; v++) {
            BigDecimal price = basePrice.add(BigDecimal.valueOf(v * 2L));
            variants.add(new FakeVariant(variantId(index, v), variantTitles[v],
                    "SKU-" + index + "-" + (v + 1), price, random.nextInt(0, 500), v + 1, createdAt, createdAt));
        }
        String status = random.nextDouble() < 0.9 ? "ACTIVE" : "DRAFT";
        return new FakeProduct(productId(index), title, handle, VENDORS[random.nextInt(VENDORS.length)],
                TYPES[index % TYPES.length], status, List.of(), variants, createdAt, updatedAt);
    }

    static long variantId(int productIndex, int position) {
        return VARIANT_ID_BASE + (long) productIndex * MAX_VARIANTS + position;
    }

    /** The generated order at {@code index} (0-based); index order is creation order. */
    public FakeOrder order(int index) {
        Objects.checkIndex(index, orders);
        SplittableRandom random = random(3, index);
        OrderTimes times = orderTimes(index, random);
        boolean guest = random.nextDouble() < 0.05;
        Long customerId = null;
        String email = null;
        if (!guest) {
            int customerIndex = customerFor(times.createdAt, random.nextDouble());
            customerId = customerId(customerIndex);
            email = customer(customerIndex).email();
        } else if (random.nextDouble() < 0.7) {
            email = "guest." + index + "@example.net";
        }
        int lineCount = 1 + random.nextInt(MAX_LINES);
        boolean discounted = random.nextDouble() < 0.2;
        List<FakeLineItem> lines = new ArrayList<>(lineCount);
        BigDecimal gross = BigDecimal.ZERO;
        long[] lineIds = new long[lineCount];
        FakeProduct[] lineProducts = new FakeProduct[lineCount];
        FakeVariant[] lineVariants = new FakeVariant[lineCount];
        int[] quantities = new int[lineCount];
        for (int l = 0; l < lineCount; l++) {
            FakeProduct product = product(random.nextInt(products));
            FakeVariant variant = product.variants().get(random.nextInt(product.variants().size()));
            lineIds[l] = LINE_ITEM_ID_BASE + (long) index * MAX_LINES + l;
            lineProducts[l] = product;
            lineVariants[l] = variant;
            quantities[l] = 1 + (random.nextDouble() < 0.25 ? random.nextInt(3) : 0);
            gross = gross.add(variant.price().multiply(BigDecimal.valueOf(quantities[l])));
        }
        BigDecimal discountTotal = discounted ? gross.multiply(new BigDecimal("0.10")).setScale(2, RoundingMode.HALF_EVEN)
                : BigDecimal.ZERO;
        BigDecimal allocated = BigDecimal.ZERO;
        for (int l = 0; l < lineCount; l++) {
            BigDecimal lineTotal = lineVariants[l].price().multiply(BigDecimal.valueOf(quantities[l]));
            BigDecimal discount = l == lineCount - 1
                    ? discountTotal.subtract(allocated)
                    : gross.signum() == 0 ? BigDecimal.ZERO
                    : discountTotal.multiply(lineTotal).divide(gross, 2, RoundingMode.HALF_EVEN);
            allocated = allocated.add(discount);
            lines.add(new FakeLineItem(lineIds[l], lineProducts[l].id(), lineVariants[l].id(), lineProducts[l].title(),
                    lineVariants[l].title(), lineVariants[l].sku(), quantities[l], lineVariants[l].price(), discount));
        }
        BigDecimal subtotal = gross.subtract(discountTotal);
        BigDecimal shipping = subtotal.compareTo(FREE_SHIPPING_FROM) >= 0 ? new BigDecimal("0.00") : SHIPPING;
        BigDecimal tax = subtotal.multiply(TAX_RATE).setScale(2, RoundingMode.HALF_EVEN);
        BigDecimal total = subtotal.add(shipping).add(tax);

        List<FakeRefund> refunds = new ArrayList<>(MAX_REFUNDS);
        String fulfillment = times.kind == OrderKind.PENDING || times.kind == OrderKind.CANCELLED ? "UNFULFILLED"
                : "FULFILLED";
        String financial;
        String cancelReason = null;
        switch (times.kind) {
            case PARTIALLY_REFUNDED -> {
                BigDecimal share = BigDecimal.valueOf(10 + random.nextInt(41)).movePointLeft(2);
                refunds.add(new FakeRefund(refundId(index, 0), times.refundedAt,
                        total.multiply(share).setScale(2, RoundingMode.HALF_EVEN), "Partial return"));
                financial = "PARTIALLY_REFUNDED";
            }
            case REFUNDED -> {
                refunds.add(new FakeRefund(refundId(index, 0), times.refundedAt, total, "Returned"));
                financial = "REFUNDED";
            }
            case CANCELLED -> {
                cancelReason = random.nextDouble() < 0.7 ? "CUSTOMER" : "INVENTORY";
                if (random.nextBoolean()) {
                    refunds.add(new FakeRefund(refundId(index, 0), times.refundedAt, total, "Cancelled"));
                    financial = "REFUNDED";
                } else {
                    financial = "VOIDED";
                }
            }
            case PENDING -> financial = random.nextBoolean() ? "PENDING" : "AUTHORIZED";
            default -> financial = "PAID";
        }
        return new FakeOrder(orderId(index), FIRST_ORDER_NUMBER + index, customerId, email, times.createdAt,
                times.processedAt, times.updatedAt, times.cancelledAt, cancelReason, times.closedAt, times.test,
                financial, fulfillment, lines, shipping, tax, refunds);
    }

    static long refundId(int orderIndex, int k) {
        return REFUND_ID_BASE + (long) orderIndex * MAX_REFUNDS + k;
    }

    /** When the generated order at {@code index} was last updated, without generating the order. */
    Instant orderUpdatedAt(int index) {
        return orderTimes(index, random(3, index)).updatedAt;
    }

    /** When the generated order at {@code index} was processed, without generating the order. */
    Instant orderProcessedAt(int index) {
        return orderTimes(index, random(3, index)).processedAt;
    }

    private enum OrderKind { PAID, PARTIALLY_REFUNDED, REFUNDED, CANCELLED, PENDING }

    private record OrderTimes(OrderKind kind, boolean test, Instant createdAt, Instant processedAt, Instant updatedAt,
                              Instant cancelledAt, Instant refundedAt, Instant closedAt) {
    }

    // Consumes the first draws of the order's random stream, so the times can be computed alone.
    private OrderTimes orderTimes(int index, SplittableRandom random) {
        Instant createdAt = spread(start, end, index, orders, random.nextDouble());
        double k = random.nextDouble();
        OrderKind kind = k < 0.03 ? OrderKind.CANCELLED : k < 0.07 ? OrderKind.REFUNDED
                : k < 0.12 ? OrderKind.PARTIALLY_REFUNDED : k < 0.16 ? OrderKind.PENDING : OrderKind.PAID;
        boolean test = random.nextDouble() < 0.02;
        // Orders imported from another channel carry a processing time a little before creation.
        Instant processedAt = random.nextDouble() < 0.1 ? earlier(createdAt, random.nextLong(60, 3_600)) : createdAt;
        Instant fulfilledAt = later(createdAt, random.nextLong(600, 3 * 86_400L));
        Instant cancelledAt = null;
        Instant refundedAt = null;
        Instant closedAt = null;
        Instant updatedAt = fulfilledAt;
        switch (kind) {
            case CANCELLED -> {
                cancelledAt = later(createdAt, random.nextLong(300, 86_400L));
                refundedAt = cancelledAt;
                updatedAt = cancelledAt;
            }
            case REFUNDED, PARTIALLY_REFUNDED -> {
                refundedAt = later(fulfilledAt, random.nextLong(86_400L, 20 * 86_400L));
                updatedAt = refundedAt;
            }
            case PENDING -> updatedAt = later(createdAt, random.nextLong(0, 120));
            default -> closedAt = random.nextDouble() < 0.5 ? fulfilledAt : null;
        }
        return new OrderTimes(kind, test, createdAt, processedAt, updatedAt, cancelledAt, refundedAt, closedAt);
    }

    // Earlier customers order more often; only customers who existed at the time can order.
    private int customerFor(Instant orderedAt, double u) {
        double span = Duration.between(customersStart, end).toMillis();
        double existed = Duration.between(customersStart, orderedAt).toMillis() / span;
        int eligible = Math.max(1, Math.min(customers, (int) Math.floor(existed * customers)));
        return Math.min(eligible - 1, (int) Math.floor(eligible * u * u));
    }

    private SplittableRandom random(int kind, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + kind * 0xBF58476D1CE4E5B9L + index);
    }

    // The index-th of count evenly spaced slots in [from, to), at a random point within the slot.
    private static Instant spread(Instant from, Instant to, int index, int count, double u) {
        long span = Duration.between(from, to).getSeconds();
        long offset = (long) Math.floor((index + u) * span / Math.max(1, count));
        return from.plusSeconds(Math.min(span - 1, offset));
    }

    private Instant later(Instant t, long seconds) {
        Instant candidate = t.plusSeconds(seconds);
        Instant latest = end.minusSeconds(1);
        return candidate.isAfter(latest) ? (t.isAfter(latest) ? t : latest) : candidate;
    }

    private static Instant earlier(Instant t, long seconds) {
        return t.minusSeconds(seconds);
    }

    private static String ascii(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
                .replaceAll("[^A-Za-z]", "").toLowerCase();
    }

    /** Settings of a {@link StoreFixture}; every setting has a realistic default. */
    public static final class Builder {
        private long seed = 42;
        private int customers = -1;
        private int products = -1;
        private int orders = 360;
        private Instant end;
        private Duration period = Duration.ofDays(365);
        private Clock clock = Clock.systemUTC();
        private long shopId = 90_000_001L;
        private String shopName = "Demo Store";
        private String shopDomain = "demo-store.myshopify.com";
        private String shopEmail = "owner@demo-store.example";
        private String currency = "USD";
        private ZoneId timeZone = ZoneId.of("America/New_York");
        private String planName = "Basic";

        private Builder() {
        }

        /** The seed; the same seed and settings give the same store. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Number of orders (default 360). */
        public Builder orders(int orders) {
            if (orders < 0) {
                throw new IllegalArgumentException("orders must be 0 or more, got " + orders);
            }
            this.orders = orders;
            return this;
        }

        /** Number of customers (default a third of the orders, at least one). */
        public Builder customers(int customers) {
            if (customers < 0) {
                throw new IllegalArgumentException("customers must be 0 or more, got " + customers);
            }
            this.customers = customers;
            return this;
        }

        /** Number of products (default 12 plus one per 50 orders, at most 200). */
        public Builder products(int products) {
            if (products < 0) {
                throw new IllegalArgumentException("products must be 0 or more, got " + products);
            }
            this.products = products;
            return this;
        }

        /** Length of the order period ending at {@link #end(Instant)} (default 365 days). */
        public Builder period(Duration period) {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period must be positive, got " + period);
            }
            this.period = period;
            return this;
        }

        /** End of the order period; default: the clock's current hour. Fix it for byte-identical stores. */
        public Builder end(Instant end) {
            this.end = Objects.requireNonNull(end, "end");
            return this;
        }

        /** Clock that supplies the default end (default system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The shop's myshopify domain (default {@code demo-store.myshopify.com}). */
        public Builder shopDomain(String domain) {
            this.shopDomain = Objects.requireNonNull(domain, "domain");
            return this;
        }

        /** The shop's numeric id. */
        public Builder shopId(long id) {
            this.shopId = id;
            return this;
        }

        /** The shop's display name. */
        public Builder shopName(String name) {
            this.shopName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The shop owner's email. */
        public Builder shopEmail(String email) {
            this.shopEmail = Objects.requireNonNull(email, "email");
            return this;
        }

        /** ISO 4217 currency of the shop (default USD). */
        public Builder currency(String currencyCode) {
            this.currency = Objects.requireNonNull(currencyCode, "currencyCode");
            return this;
        }

        /** The shop's IANA time zone (default America/New_York, which observes daylight saving). */
        public Builder timeZone(ZoneId zone) {
            this.timeZone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** The plan's display name (default Basic). */
        public Builder planName(String name) {
            this.planName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The fixture. */
        public StoreFixture build() {
            return new StoreFixture(this);
        }
    }
}
