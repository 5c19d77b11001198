package dev.shopifyingest.app.commands;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * What {@code seed} creates, computed from a seed alone, so the same {@code --seed} and counts
 * always give the same customers, products and orders (only the order dates move with the day the
 * command runs): people with names, example-domain emails and addresses; products of a few kinds,
 * each with two to four priced variants of one option; orders by those customers of those
 * variants, their {@code processedAt} spread evenly over the months before now.
 *
 * @param customers the customers, in creation order
 * @param products the products, in creation order
 * @param orders the orders, oldest first
 */
record SeedPlan(List<Customer> customers, List<Product> products, List<Order> orders) {

    /** The tag on every seeded customer and product, so they can be told apart in the admin. */
    static final String TAG = "shopify-ingest-seed";

    /** Orders processed longer ago than this are fulfilled and archived, as a shop's settings usually do. */
    static final Duration ARCHIVE_AFTER = Duration.ofDays(30);

    private static final List<String> FIRST_NAMES = List.of("Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret",
            "Dennis", "Barbara", "Ken", "Frances", "Edsger", "Radia", "Tim", "Hedy", "John", "Sophie", "Guido",
            "Mary", "Bjarne", "Joan", "James", "Anita", "Niklaus", "Adele", "Donald", "Lynn", "Leslie", "Evelyn",
            "Vint", "Shafi", "Brian", "Jean", "Martin", "Carol", "Rich", "Annie", "Yukihiro", "Ruth", "Tony", "Kathleen");
    private static final List<String> LAST_NAMES = List.of("Lovelace", "Hopper", "Turing", "Johnson", "Torvalds",
            "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Lamarr",
            "McCarthy", "Wilson", "van Rossum", "Keller", "Stroustrup", "Clarke", "Gosling", "Borg", "Wirth",
            "Goldberg", "Knuth", "Conway", "Lamport", "Boyd", "Cerf", "Goldwasser", "Kernighan", "Sammet", "Fowler",
            "Shaw", "Hickey", "Easley", "Matsumoto", "Teitelbaum", "Hoare", "Booth");
    private static final List<String> EMAIL_DOMAINS = List.of("example.com", "example.org", "example.net");
    private static final List<String> STREETS = List.of("Main Street", "Oak Avenue", "Maple Road", "Harbour Lane",
            "Station Road", "Elm Street", "Park Avenue", "Mill Lane");
    private static final List<Place> PLACES = List.of(
            new Place("Portland", "US", "OR", "97205"),
            new Place("Austin", "US", "TX", "78701"),
            new Place("Brooklyn", "US", "NY", "11201"),
            new Place("Toronto", "CA", "ON", "M5V 2T6"),
            new Place("Vancouver", "CA", "BC", "V6B 1A1"),
            new Place("London", "GB", null, "EC1A 1BB"),
            new Place("Berlin", "DE", null, "10115"),
            new Place("Melbourne", "AU", "VIC", "3000"));
    private static final List<String> ADJECTIVES = List.of("Alpine", "Harbor", "Juniper", "Cedar", "Coastal",
            "Meadow", "Granite", "Willow", "Summit", "Ember", "Tidal", "Aspen", "Canyon", "Fjord", "Prairie", "Birch");
    private static final List<String> VENDORS = List.of("Northwind Goods", "Juniper & Co", "Harbor Supply",
            "Fieldhouse Makers");
    private static final List<Kind> KINDS = List.of(
            new Kind("Apparel", List.of("T-Shirt", "Hoodie", "Scarf", "Beanie", "Socks"), "Size",
                    List.of("S", "M", "L", "XL"), 18, 70, 2),
            new Kind("Home", List.of("Mug", "Candle", "Throw Blanket", "Cutting Board", "Planter"), "Color",
                    List.of("Sand", "Forest", "Slate", "Clay"), 12, 90, 0),
            new Kind("Stationery", List.of("Notebook", "Planner", "Pen Set", "Sketchbook"), "Format",
                    List.of("A6", "A5", "A4"), 6, 35, 3),
            new Kind("Outdoor", List.of("Water Bottle", "Daypack", "Camp Chair", "Headlamp"), "Color",
                    List.of("Black", "Orange", "Teal"), 15, 120, 0));

    /** A customer to create. */
    record Customer(String firstName, String lastName, String email, String address1, Place place) {
    }

    /** Where a customer lives. */
    record Place(String city, String countryCode, String provinceCode, String zip) {
    }

    /** A product to create, with its option and one variant per value. */
    record Product(String title, String vendor, String productType, String optionName, List<Variant> variants) {
    }

    /** A variant of a product: its option value, price and SKU. */
    record Variant(String optionValue, BigDecimal price, String sku) {
    }

    /** An order line: which product and variant (by index in the plan), how many. */
    record Line(int product, int variant, int quantity) {
    }

    /**
     * An order to create.
     *
     * @param customer the customer's index in the plan
     * @param lines one to three lines of distinct variants
     * @param processedAt when the order was placed
     * @param archived whether it is fulfilled and closed (older than {@link #ARCHIVE_AFTER})
     * @param shipping the shipping charged, zero above the free-shipping threshold
     */
    record Order(int customer, List<Line> lines, Instant processedAt, boolean archived, BigDecimal shipping) {
    }

    private record Kind(String type, List<String> nouns, String optionName, List<String> values, int minPrice,
                        int maxPrice, int priceStep) {
    }

    private static final BigDecimal FREE_SHIPPING_FROM = new BigDecimal("75.00");
    private static final BigDecimal SHIPPING = new BigDecimal("6.90");

    /**
     * Computes a plan.
     *
     * @param seed the seed; the same seed and counts give the same plan
     * @param customerCount customers to create, at least 1 when there are orders
     * @param productCount products to create, at least 1 when there are orders
     * @param orderCount orders to create
     * @param now the end of the order period
     * @param months the length of the order period, ending at {@code now}
     */
    static SeedPlan create(long seed, int customerCount, int productCount, int orderCount, Instant now, int months) {
        Random random = new Random(seed);
        List<Customer> customers = new ArrayList<>();
        Set<String> emails = new LinkedHashSet<>();
        for (int i = 0; i < customerCount; i++) {
            String first = pick(random, FIRST_NAMES);
            String last = pick(random, LAST_NAMES);
            String local = (first + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "");
            String email = local + "@" + pick(random, EMAIL_DOMAINS);
            for (int n = 2; !emails.add(email); n++) {
                email = local + n + "@" + EMAIL_DOMAINS.get(n % EMAIL_DOMAINS.size());
            }
            String address = (1 + random.nextInt(240)) + " " + pick(random, STREETS);
            customers.add(new Customer(first, last, email, address, pick(random, PLACES)));
        }
        List<Product> products = new ArrayList<>();
        for (int p = 0; p < productCount; p++) {
            Kind kind = KINDS.get(p % KINDS.size());
            String title = pick(random, ADJECTIVES) + " " + pick(random, kind.nouns());
            int variantCount = Math.min(kind.values().size(), 2 + random.nextInt(3));
            int base = kind.minPrice() + random.nextInt(kind.maxPrice() - kind.minPrice() + 1);
            List<Variant> variants = new ArrayList<>();
            for (int v = 0; v < variantCount; v++) {
                BigDecimal price = BigDecimal.valueOf(base + v * kind.priceStep()).add(new BigDecimal("0.90"))
                        .setScale(2);
                String value = kind.values().get(v);
                variants.add(new Variant(value, price, String.format(Locale.ROOT, "SEED-%04d-%s", p + 1,
                        value.toUpperCase(Locale.ROOT))));
            }
            products.add(new Product(title, pick(random, VENDORS), kind.type(), kind.optionName(), variants));
        }
        List<Order> orders = new ArrayList<>();
        Instant start = now.atZone(ZoneOffset.UTC).minusMonths(months).toInstant();
        long periodMillis = Duration.between(start, now).toMillis();
        for (int o = 0; o < orderCount; o++) {
            // Some customers come back more than others: the smaller of two draws favours low indexes.
            int customer = Math.min(random.nextInt(customerCount), random.nextInt(customerCount));
            int lineCount = 1 + (random.nextInt(10) < 6 ? 0 : random.nextInt(3));
            List<Line> lines = new ArrayList<>();
            Set<String> used = new LinkedHashSet<>();
            BigDecimal subtotal = BigDecimal.ZERO;
            for (int l = 0; l < lineCount; l++) {
                int product = random.nextInt(productCount);
                int variant = random.nextInt(products.get(product).variants().size());
                int quantity = random.nextInt(10) < 8 ? 1 : 2 + random.nextInt(2);
                if (used.add(product + "/" + variant)) {
                    lines.add(new Line(product, variant, quantity));
                    subtotal = subtotal.add(products.get(product).variants().get(variant).price()
                            .multiply(BigDecimal.valueOf(quantity)));
                }
            }
            // Evenly spaced: order o sits in the middle of its share of the period.
            Instant processedAt = start.plusMillis((long) ((o + 0.5) * periodMillis / orderCount));
            boolean archived = processedAt.isBefore(now.minus(ARCHIVE_AFTER));
            BigDecimal shipping = subtotal.compareTo(FREE_SHIPPING_FROM) >= 0 ? new BigDecimal("0.00") : SHIPPING;
            orders.add(new Order(customer, List.copyOf(lines), processedAt, archived, shipping));
        }
        return new SeedPlan(List.copyOf(customers), List.copyOf(products), List.copyOf(orders));
    }

    /** How many variants the products have together. */
    int variantCount() {
        return products.stream().mapToInt(p -> p.variants().size()).sum();
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
