package dev.shopifyingest.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake of the sample app's JSON API as {@code docs/sample-app-api.md} specifies it (shops,
 * insights, live events), serving the real dashboard files from the classpath. It lets the
 * browser tests exercise the dashboard's pages while the real shops, insights and events routes
 * are still being built; {@code DashboardJourneyTest} covers the same pages against the real
 * server once they exist.
 *
 * <p>Figures are generated per day from the date, so any range has figures, and the summary,
 * series and top lists of one range agree. Money is computed with {@link BigDecimal}.
 */
final class FakeDashboardApi implements AutoCloseable {

    static final String CSRF = "fake-csrf-token";
    static final int TOTAL_CUSTOMERS = 1200;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SHOP_PATH = Pattern.compile("^/api/shops/([^/]+)(/.*)?$");
    private static final List<String> PAGES = List.of("/", "/login", "/signup", "/shops", "/filter");
    private static final String[] CUSTOMERS = {"Ava Smith", "Noah Johnson", "Mia Garcia", "Liam Brown", "Emma Davis",
        "Lucas Miller", "Olivia Wilson", "Ethan Moore", "Sofia Taylor", "Mason Anderson"};
    private static final String[] PRODUCTS = {"Classic Mug", "Canvas Tote", "Organic Tee", "Travel Bottle", "Desk Plant",
        "Linen Napkins", "Ceramic Bowl", "Wool Beanie", "Notebook Set", "Scented Candle"};

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Map<String, Object>> shops = new ConcurrentHashMap<>();
    private final Map<LocalDate, List<BigDecimal>> extraOrders = new ConcurrentHashMap<>();
    private final List<EventStream> streams = new CopyOnWriteArrayList<>();
    private final AtomicLong eventIds = new AtomicLong();
    private volatile boolean loggedIn = true;
    private volatile boolean eventsAvailable = true;
    private volatile boolean insightsFail = false;

    private record EventStream(String shopId, BlockingQueue<String> queue) {
    }

    private static final String CLOSE = "\u0000close";

    FakeDashboardApi() {
        addShop(shop("1", "demo-store.myshopify.com", "Demo Store", "USD", "America/New_York", "connected", null, null,
                "2026-11-27T18:00:00Z"));
        addShop(shop("2", "berlin-outfitters.myshopify.com", "Berlin Outfitters", "EUR", "Europe/Berlin", "syncing", null,
                sync(1200, 3600), null));
        addShop(shop("3", "old-corner-shop.myshopify.com", "Old Corner Shop", "GBP", "Europe/London", "reconnect_needed",
                "Shopify no longer accepts this store's access token. Reconnect the store to resume syncing.", null,
                "2026-10-02T09:30:00Z"));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static Map<String, Object> shop(String id, String domain, String name, String currency, String timeZone,
            String status, String statusDetail, Map<String, Object> sync, String lastSyncedAt) {
        Map<String, Object> shop = new LinkedHashMap<>();
        shop.put("id", id);
        shop.put("domain", domain);
        shop.put("name", name);
        shop.put("currency", currency);
        shop.put("timeZone", timeZone);
        shop.put("status", status);
        shop.put("statusDetail", statusDetail);
        shop.put("sync", sync);
        shop.put("lastSyncedAt", lastSyncedAt);
        shop.put("historyLimitedTo60Days", false);
        return shop;
    }

    static Map<String, Object> sync(long done, long total) {
        Map<String, Object> sync = new LinkedHashMap<>();
        sync.put("stage", "RUNNING");
        sync.put("entity", "ORDER");
        sync.put("done", done);
        sync.put("total", total);
        return sync;
    }

    private void addShop(Map<String, Object> shop) {
        shops.put((String) shop.get("id"), shop);
    }

    /** Replaces a shop and sends its {@code shop} event. */
    void updateShop(Map<String, Object> shop) {
        addShop(shop);
        emit((String) shop.get("id"), "shop", shop);
    }

    /** The shop as the API shows it now. */
    Map<String, Object> shop(String id) {
        return shops.get(id);
    }

    /** Adds an order on a day and tells the shop's streams that orders changed. */
    void addOrder(String shopId, LocalDate day, BigDecimal amount) {
        extraOrders.computeIfAbsent(day, d -> new CopyOnWriteArrayList<>()).add(amount);
        emit(shopId, "data-changed", Map.of("entities", List.of("ORDER"), "at", "2026-11-27T18:00:05Z"));
    }

    /** Sends an event to every open stream of a shop. */
    void emit(String shopId, String event, Object data) {
        String text;
        try {
            text = "id: " + eventIds.incrementAndGet() + "\nevent: " + event + "\ndata: " + MAPPER.writeValueAsString(data)
                    + "\n\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        streams.stream().filter(s -> s.shopId().equals(shopId)).forEach(s -> s.queue().add(text));
    }

    /** How many event streams are open for a shop. */
    long openStreams(String shopId) {
        return streams.stream().filter(s -> s.shopId().equals(shopId)).count();
    }

    /** Whether the events route accepts streams (503 otherwise); false also ends open streams. */
    void eventsAvailable(boolean available) {
        eventsAvailable = available;
        if (!available) {
            streams.forEach(s -> s.queue().add(CLOSE));
        }
    }

    /** Whether the insights routes answer 500. */
    void insightsFail(boolean fail) {
        insightsFail = fail;
    }

    // ---- Figures ----

    private record Day(int orders, BigDecimal sales) {
    }

    private Day day(LocalDate date) {
        if (date.getYear() < 2020) {
            return new Day(0, BigDecimal.ZERO.setScale(2)); // the store opened in 2020
        }
        long n = date.toEpochDay();
        int orders = 3 + (int) Math.floorMod(n * 7919L, 9L) + (date.getDayOfWeek().getValue() >= 6 ? 3 : 0);
        BigDecimal average = BigDecimal.valueOf(3200 + Math.floorMod(n * 104729L, 2900L), 2);
        BigDecimal sales = average.multiply(BigDecimal.valueOf(orders));
        for (BigDecimal extra : extraOrders.getOrDefault(date, List.of())) {
            orders += 1;
            sales = sales.add(extra);
        }
        return new Day(orders, sales.setScale(2, RoundingMode.HALF_EVEN));
    }

    private Day sum(LocalDate from, LocalDate to) {
        int orders = 0;
        BigDecimal sales = BigDecimal.ZERO.setScale(2);
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            Day day = day(d);
            orders += day.orders();
            sales = sales.add(day.sales());
        }
        return new Day(orders, sales);
    }

    Map<String, Object> summary(Map<String, Object> shop, LocalDate from, LocalDate to) {
        Day total = sum(from, to);
        int customers = (total.orders() * 2 + 2) / 3;
        int newCustomers = customers / 4;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("from", from.toString());
        summary.put("to", to.toString());
        summary.put("currency", shop.get("currency"));
        summary.put("timeZone", shop.get("timeZone"));
        summary.put("totalSales", total.sales().toPlainString());
        summary.put("netSales", total.sales().multiply(new BigDecimal("0.92")).setScale(2, RoundingMode.HALF_EVEN).toPlainString());
        summary.put("orders", total.orders());
        summary.put("averageOrderValue", total.orders() == 0 ? "0.00"
                : total.sales().divide(BigDecimal.valueOf(total.orders()), 2, RoundingMode.HALF_EVEN).toPlainString());
        summary.put("customers", customers);
        summary.put("newCustomers", newCustomers);
        summary.put("returningCustomers", customers - newCustomers);
        summary.put("totalCustomers", TOTAL_CUSTOMERS);
        return summary;
    }

    private Map<String, Object> series(Map<String, Object> shop, LocalDate from, LocalDate to, String granularity) {
        List<Map<String, Object>> points = new ArrayList<>();
        LocalDate start = switch (granularity) {
            case "week" -> from.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "month" -> from.withDayOfMonth(1);
            default -> from;
        };
        while (!start.isAfter(to)) {
            LocalDate next = switch (granularity) {
                case "week" -> start.plusWeeks(1);
                case "month" -> start.plusMonths(1);
                default -> start.plusDays(1);
            };
            LocalDate first = start.isBefore(from) ? from : start;
            LocalDate last = next.minusDays(1).isAfter(to) ? to : next.minusDays(1);
            Day bucket = sum(first, last);
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("start", start.toString());
            point.put("sales", bucket.sales().toPlainString());
            point.put("orders", bucket.orders());
            points.add(point);
            start = next;
        }
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("from", from.toString());
        series.put("to", to.toString());
        series.put("granularity", granularity);
        series.put("currency", shop.get("currency"));
        series.put("points", points);
        return series;
    }

    private Map<String, Object> topCustomers(LocalDate from, LocalDate to, int limit) {
        Day total = sum(from, to);
        List<Map<String, Object>> customers = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, CUSTOMERS.length) && total.orders() > 0; i++) {
            Map<String, Object> customer = new LinkedHashMap<>();
            customer.put("id", Long.toString(9007199255000123L + i));
            customer.put("name", CUSTOMERS[i]);
            customer.put("email", CUSTOMERS[i].toLowerCase().replace(' ', '.') + "@example.com");
            customer.put("orders", Math.max(1, total.orders() / (20 + 3 * i)));
            customer.put("spend", total.sales().divide(BigDecimal.valueOf(18L + 4L * i), 2, RoundingMode.HALF_EVEN).toPlainString());
            customers.add(customer);
        }
        return Map.of("customers", customers);
    }

    private Map<String, Object> topProducts(LocalDate from, LocalDate to, int limit) {
        Day total = sum(from, to);
        List<Map<String, Object>> products = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, PRODUCTS.length) && total.orders() > 0; i++) {
            Map<String, Object> product = new LinkedHashMap<>();
            product.put("id", Long.toString(9007199256000007L + i));
            product.put("title", PRODUCTS[i]);
            product.put("units", Math.max(1, total.orders() * 2 / (4 + i)));
            product.put("revenue", total.sales().divide(BigDecimal.valueOf(6L + 2L * i), 2, RoundingMode.HALF_EVEN).toPlainString());
            products.add(product);
        }
        return Map.of("products", products);
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/api/")) {
                api(exchange, path);
            } else if (path.equals("/fake-authorize")) {
                // Stands in for Shopify's approval page: straight back to the app, connected.
                String shop = query(exchange).getOrDefault("shop", "");
                exchange.getResponseHeaders().add("Location", "/shops?connected=" + shop);
                exchange.sendResponseHeaders(302, -1);
            } else {
                file(exchange, path);
            }
        }
    }

    private void file(HttpExchange exchange, String path) throws IOException {
        String resource = PAGES.contains(path) ? "web/index.html"
                : path.startsWith("/webjars/") ? "META-INF/resources" + path
                : "web" + path;
        if (resource.contains("..")) {
            send(exchange, 404, "text/plain", "Not found");
            return;
        }
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                send(exchange, 404, "text/plain", "Not found");
                return;
            }
            String type = resource.endsWith(".html") ? "text/html; charset=utf-8"
                    : resource.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : resource.endsWith(".css") ? "text/css; charset=utf-8"
                    : resource.endsWith(".svg") ? "image/svg+xml" : "application/octet-stream";
            if (PAGES.contains(path)) {
                // As if logged in: the csrf cookie a log-in would have set.
                exchange.getResponseHeaders().add("Set-Cookie", "csrf=" + CSRF + "; Path=/; SameSite=Lax");
            }
            exchange.getResponseHeaders().add("Content-Security-Policy",
                    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'");
            send(exchange, 200, type, in.readAllBytes());
        }
    }

    private void api(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        if (path.equals("/api/auth/logout") && method.equals("POST")) {
            loggedIn = false;
            exchange.sendResponseHeaders(204, -1);
            return;
        }
        if (!loggedIn) {
            error(exchange, 401, "unauthenticated", "Log in to continue.");
            return;
        }
        if (!method.equals("GET") && !CSRF.equals(exchange.getRequestHeaders().getFirst("X-CSRF-Token"))) {
            error(exchange, 403, "csrf_failed", "This request needs the X-CSRF-Token header.");
            return;
        }
        if (path.equals("/api/me")) {
            json(exchange, 200, Map.of("user", Map.of("id", "1", "email", "merchant@example.com"), "shops", shopList()));
            return;
        }
        if (path.equals("/api/shops")) {
            json(exchange, 200, Map.of("shops", shopList()));
            return;
        }
        if (path.equals("/api/shops/connect") && method.equals("POST")) {
            JsonNode body = MAPPER.readTree(exchange.getRequestBody());
            String shop = body.path("shop").asText("").trim().toLowerCase();
            String handle = shop.replaceFirst("^https?://", "").replaceFirst("\\.myshopify\\.com.*$", "");
            if (!handle.matches("[a-z0-9][a-z0-9-]*")) {
                error(exchange, 400, "invalid_shop_domain",
                        "That is not a Shopify store address. Use your store's myshopify.com address, like my-store.myshopify.com.");
                return;
            }
            json(exchange, 200, Map.of("authorizeUrl", uri() + "/fake-authorize?shop=" + handle + ".myshopify.com"));
            return;
        }
        Matcher matcher = SHOP_PATH.matcher(path);
        Map<String, Object> shop = matcher.matches() ? shops.get(matcher.group(1)) : null;
        if (shop == null) {
            error(exchange, 404, "not_found", "There is nothing at this address.");
            return;
        }
        String rest = matcher.group(2) == null ? "" : matcher.group(2);
        Map<String, String> query = query(exchange);
        switch (rest) {
            case "" -> json(exchange, 200, shop);
            case "/sync" -> {
                Map<String, Object> syncing = new LinkedHashMap<>(shop);
                syncing.put("status", "syncing");
                syncing.put("sync", sync(0, 3600));
                shops.put((String) shop.get("id"), syncing);
                json(exchange, 202, syncing);
            }
            case "/events" -> events(exchange, (String) shop.get("id"));
            default -> insights(exchange, shop, rest, query);
        }
    }

    private void insights(HttpExchange exchange, Map<String, Object> shop, String rest, Map<String, String> query)
            throws IOException {
        LocalDate from;
        LocalDate to;
        try {
            LocalDate today = LocalDate.now(java.time.ZoneId.of((String) shop.get("timeZone")));
            to = query.containsKey("to") ? LocalDate.parse(query.get("to")) : today;
            from = query.containsKey("from") ? LocalDate.parse(query.get("from")) : to.minusDays(29);
        } catch (DateTimeException e) {
            error(exchange, 400, "invalid_date_range", "Dates are written like 2026-03-01.");
            return;
        }
        if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) > 730) {
            error(exchange, 400, "invalid_date_range", "from (" + from + ") must be on or before to (" + to
                    + "), at most 731 days apart.");
            return;
        }
        if (insightsFail) {
            error(exchange, 500, "internal_error", "Something went wrong on our side (incident 42). Try again in a moment.");
            return;
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
        switch (rest) {
            case "/insights/summary" -> json(exchange, 200, summary(shop, from, to));
            case "/insights/series" -> {
                String granularity = query.getOrDefault("granularity", "day");
                if (!List.of("day", "week", "month").contains(granularity)) {
                    error(exchange, 400, "invalid_granularity", "granularity is day, week or month.");
                    return;
                }
                json(exchange, 200, series(shop, from, to, granularity));
            }
            case "/insights/top-customers" -> json(exchange, 200, topCustomers(from, to, limit));
            case "/insights/top-products" -> json(exchange, 200, topProducts(from, to, limit));
            default -> error(exchange, 404, "not_found", "There is nothing at this address.");
        }
    }

    private void events(HttpExchange exchange, String shopId) throws IOException {
        if (!eventsAvailable) {
            error(exchange, 503, "unavailable", "Live updates are unavailable.");
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        EventStream stream = new EventStream(shopId, new LinkedBlockingQueue<>());
        streams.add(stream);
        try {
            OutputStream out = exchange.getResponseBody();
            out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                String next = stream.queue().poll(15, TimeUnit.SECONDS);
                if (CLOSE.equals(next)) {
                    return;
                }
                out.write((next == null ? ": heartbeat\n\n" : next).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // The browser went away (or the server stops).
        } finally {
            streams.remove(stream);
        }
    }

    private List<Map<String, Object>> shopList() {
        return shops.values().stream().sorted((a, b) -> ((String) a.get("id")).compareTo((String) b.get("id"))).toList();
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        json(exchange, status, Map.of("error", Map.of("code", code, "message", message)));
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", MAPPER.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        eventsAvailable(false);
        server.stop(0);
        executor.shutdownNow();
    }
}
