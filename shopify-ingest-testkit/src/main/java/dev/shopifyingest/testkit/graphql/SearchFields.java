package dev.shopifyingest.testkit.graphql;

import dev.shopifyingest.testkit.graphql.SearchQuery.And;
import dev.shopifyingest.testkit.graphql.SearchQuery.Node;
import dev.shopifyingest.testkit.graphql.SearchQuery.Not;
import dev.shopifyingest.testkit.graphql.SearchQuery.Or;
import dev.shopifyingest.testkit.graphql.SearchQuery.Term;
import graphql.schema.DataFetchingEnvironment;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The search filters of one connection ({@code query:} argument): which fields the fake
 * implements and how each matches. A field Shopify documents for the connection but the fake does
 * not implement fails loudly; a field Shopify does not know is dropped from the query and reported
 * under {@code extensions.search} with "Invalid search field for this query.", as Shopify does.
 *
 * <p>Time values: {@code now}, a year, a month ({@code 2026-03}), a day ({@code 2026-03-15}, the
 * whole day in the shop's time zone) or a date-time (with an offset, or in the shop's zone
 * without one). A period compares as a whole: {@code :} inside it, {@code :>} after its end,
 * {@code :>=} from its start, {@code :<} before its start, {@code :<=} up to its end. Ranges
 * {@code a..b} are inclusive periods. A time containing colons must be quoted, as on Shopify,
 * whose parser otherwise splits it.
 *
 * @param <T> the node type
 */
final class SearchFields<T> {

    /** Inclusive range over a {@code long} key (epoch millis for times, the numeric id for ids). */
    record LongRange(long min, long max) {
        static final LongRange ALL = new LongRange(Long.MIN_VALUE, Long.MAX_VALUE);

        boolean contains(long value) {
            return value >= min && value <= max;
        }

        LongRange intersect(LongRange other) {
            return new LongRange(Math.max(min, other.min), Math.min(max, other.max));
        }
    }

    /**
     * A compiled query: the predicate, and the ranges its top-level conjunction puts on range
     * fields (by field name), which let a scan sorted by that field skip straight to the range.
     */
    record Compiled<T>(Predicate<T> predicate, Map<String, LongRange> ranges) {
        static <T> Compiled<T> all() {
            return new Compiled<>(t -> true, Map.of());
        }
    }

    private interface Field<T> {
        Predicate<T> match(Term term, Env env);

        default LongRange range(Term term, Env env) {
            return null;
        }
    }

    private record Env(String connection, ZoneId zone, Instant now) {
    }

    private final String connection;
    private final Set<String> shopifyFields;
    private final Map<String, Field<T>> fields = new HashMap<>();
    private Function<T, Stream<String>> freeText = t -> Stream.empty();

    /**
     * Filters of {@code connection}, where {@code shopifyFields} are the filter names Shopify
     * documents for it (read from the schema).
     */
    SearchFields(String connection, Set<String> shopifyFields) {
        this.connection = connection;
        this.shopifyFields = Set.copyOf(shopifyFields);
    }

    /** A time filter. */
    SearchFields<T> time(String name, Function<T, Instant> value) {
        fields.put(name, new RangeField<>(t -> {
            Instant instant = value.apply(t);
            return instant == null ? null : instant.toEpochMilli();
        }, true));
        return this;
    }

    /** A numeric id filter (plain numbers or GIDs). */
    SearchFields<T> id(String name, Function<T, Long> value) {
        fields.put(name, new RangeField<>(value, false));
        return this;
    }

    /** A boolean filter ({@code true}/{@code false}). */
    SearchFields<T> bool(String name, Predicate<T> value) {
        fields.put(name, (term, env) -> {
            String v = term.value().toLowerCase(Locale.ROOT);
            if (!":".equals(term.comparator()) || !(v.equals("true") || v.equals("false"))) {
                throw GraphqlFailure.badRequest("The " + name + " filter of " + env.connection()
                        + " takes true or false, got '" + term.value() + "'");
            }
            boolean wanted = Boolean.parseBoolean(v);
            return t -> value.test(t) == wanted;
        });
        return this;
    }

    /**
     * A text filter: case-insensitive equality with any of the node's values; {@code *} matches
     * any present value and {@code abc*} a prefix; a comma-separated value matches any of its
     * parts. When {@code tokenized}, an unquoted value matches as a substring (Shopify tokenizes
     * fields such as email).
     */
    SearchFields<T> text(String name, Function<T, Collection<String>> values, boolean tokenized) {
        fields.put(name, textField(name, values, tokenized));
        return this;
    }

    /** The negation of a text filter, as Shopify's {@code tag_not}. */
    SearchFields<T> textNot(String name, Function<T, Collection<String>> values) {
        Field<T> positive = textField(name, values, false);
        fields.put(name, (term, env) -> positive.match(term, env).negate());
        return this;
    }

    private Field<T> textField(String name, Function<T, Collection<String>> values, boolean tokenized) {
        return (term, env) -> {
            if (!":".equals(term.comparator())) {
                throw GraphqlFailure.badRequest("The " + name + " filter of " + env.connection()
                        + " does not take the comparator :" + term.comparator());
            }
            List<String> wanted = term.quoted() ? List.of(term.value())
                    : List.of(term.value().split(","));
            boolean substring = tokenized && !term.quoted();
            return t -> {
                Collection<String> actual = values.apply(t);
                for (String w : wanted) {
                    String want = w.strip().toLowerCase(Locale.ROOT);
                    for (String a : actual) {
                        if (a != null && textMatches(a.toLowerCase(Locale.ROOT), want, substring)) {
                            return true;
                        }
                    }
                }
                return false;
            };
        };
    }

    /** The fields free text (a term without a field) searches. */
    SearchFields<T> freeText(Function<T, Stream<String>> values) {
        this.freeText = values;
        return this;
    }

    private static boolean textMatches(String actual, String want, boolean substring) {
        if (want.equals("*")) {
            return !actual.isEmpty();
        }
        if (want.endsWith("*")) {
            return actual.startsWith(want.substring(0, want.length() - 1));
        }
        return substring ? actual.contains(want) : actual.equals(want);
    }

    /**
     * Compiles the {@code query} argument of the field {@code env} resolves, reporting dropped
     * fields on the request.
     */
    Compiled<T> compile(String query, DataFetchingEnvironment env) {
        return compile(query, RequestContext.of(env),
                env.getExecutionStepInfo().getPath().toList().stream().map(String::valueOf).toList());
    }

    /** Compiles {@code query} for a request; {@code path} locates the field in search reports. */
    Compiled<T> compile(String query, RequestContext ctx, List<String> path) {
        Node root = SearchQuery.parse(query);
        if (root == null) {
            return Compiled.all();
        }
        Env searchEnv = new Env(connection, ctx.shop().store().shop().timeZone(), ctx.now());
        List<String> invalid = new ArrayList<>();
        Predicate<T> predicate = compile(root, searchEnv, invalid);
        if (!invalid.isEmpty()) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("path", path);
            report.put("query", query);
            report.put("parsed", root.describe());
            report.put("warnings", invalid.stream().map(SearchFields::invalidField).toList());
            ctx.reportSearch(report);
        }
        Map<String, LongRange> ranges = new HashMap<>();
        List<Node> conjunction = root instanceof And and ? and.parts() : List.of(root);
        for (Node part : conjunction) {
            if (part instanceof Term term && term.field() != null && fields.get(term.field()) != null) {
                LongRange range = fields.get(term.field()).range(term, searchEnv);
                if (range != null) {
                    ranges.merge(term.field(), range, LongRange::intersect);
                }
            }
        }
        return new Compiled<>(predicate == null ? t -> true : predicate, ranges);
    }

    private static Map<String, Object> invalidField(String field) {
        Map<String, Object> warning = new LinkedHashMap<>();
        warning.put("field", field);
        warning.put("message", "Invalid search field for this query.");
        warning.put("code", "invalid_field");
        return warning;
    }

    // Null means "dropped": an unknown field, which Shopify removes from the query.
    private Predicate<T> compile(Node node, Env env, List<String> invalid) {
        return switch (node) {
            case Term term -> term(term, env, invalid);
            case Not not -> {
                Predicate<T> inner = compile(not.part(), env, invalid);
                yield inner == null ? null : inner.negate();
            }
            case And and -> combine(and.parts(), env, invalid, true);
            case Or or -> combine(or.parts(), env, invalid, false);
        };
    }

    private Predicate<T> combine(List<Node> parts, Env env, List<String> invalid, boolean all) {
        List<Predicate<T>> compiled = parts.stream().map(p -> compile(p, env, invalid)).filter(Objects::nonNull).toList();
        if (compiled.isEmpty()) {
            return null;
        }
        return t -> {
            for (Predicate<T> p : compiled) {
                if (p.test(t) != all) {
                    return !all;
                }
            }
            return all;
        };
    }

    private Predicate<T> term(Term term, Env env, List<String> invalid) {
        if (term.field() == null) {
            String want = term.value().toLowerCase(Locale.ROOT);
            return t -> freeText.apply(t).anyMatch(v -> v != null && v.toLowerCase(Locale.ROOT).contains(want));
        }
        Field<T> field = fields.get(term.field());
        if (field != null) {
            return field.match(term, env);
        }
        if (shopifyFields.contains(term.field()) || term.field().startsWith("metafields.")) {
            throw GraphqlFailure.notImplemented("the `" + term.field() + "` search filter of " + connection
                    + " (implemented: " + String.join(", ", fields.keySet().stream().sorted().toList()) + ")");
        }
        invalid.add(term.field());
        return null;
    }

    /** A time or id field: every term is a range over a long key. */
    private record RangeField<T>(Function<T, Long> key, boolean time) implements Field<T> {
        @Override
        public Predicate<T> match(Term term, Env env) {
            LongRange range = range(term, env);
            return t -> {
                Long k = key.apply(t);
                return k != null && range.contains(k);
            };
        }

        @Override
        public LongRange range(Term term, Env env) {
            String value = term.value().strip();
            int dots = value.indexOf("..");
            if (dots > 0 && ":".equals(term.comparator())) {
                long[] from = period(value.substring(0, dots), term, env);
                long[] to = period(value.substring(dots + 2), term, env);
                return new LongRange(from[0], to[1] - 1);
            }
            long[] p = period(value, term, env);
            long start = p[0];
            long end = p[1];
            boolean exact = end == start + 1;
            return switch (term.comparator()) {
                case ">" -> new LongRange(exact ? start + 1 : end, Long.MAX_VALUE);
                case ">=" -> new LongRange(start, Long.MAX_VALUE);
                case "<" -> new LongRange(Long.MIN_VALUE, start - 1);
                case "<=" -> new LongRange(Long.MIN_VALUE, end - 1);
                default -> new LongRange(start, end - 1);
            };
        }

        // [start, end) of the value: a single point is [v, v + 1).
        private long[] period(String value, Term term, Env env) {
            if (!time) {
                long id = parseId(value, term, env);
                return new long[] {id, id + 1};
            }
            if (!term.quoted() && value.contains(":")) {
                throw GraphqlFailure.badRequest("The time '" + value + "' in the " + term.field() + " filter of "
                        + env.connection() + " must be quoted ('" + value + "'): Shopify's search parser splits"
                        + " unquoted values at ':' and silently misreads them.");
            }
            try {
                if (value.equalsIgnoreCase("now")) {
                    long now = env.now().toEpochMilli();
                    return new long[] {now, now + 1};
                }
                if (value.matches("\\d{4}")) {
                    Year year = Year.parse(value);
                    return span(year.atDay(1), year.plusYears(1).atDay(1), env.zone());
                }
                if (value.matches("\\d{4}-\\d{2}")) {
                    YearMonth month = YearMonth.parse(value);
                    return span(month.atDay(1), month.plusMonths(1).atDay(1), env.zone());
                }
                if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                    LocalDate day = LocalDate.parse(value);
                    return span(day, day.plusDays(1), env.zone());
                }
                Instant instant;
                try {
                    instant = OffsetDateTime.parse(value).toInstant();
                } catch (DateTimeParseException noOffset) {
                    instant = LocalDateTime.parse(value).atZone(env.zone()).toInstant();
                }
                return new long[] {instant.toEpochMilli(), instant.toEpochMilli() + 1};
            } catch (DateTimeParseException e) {
                throw GraphqlFailure.badRequest("Invalid time '" + value + "' in the " + term.field() + " filter of "
                        + env.connection());
            }
        }

        private static long[] span(LocalDate from, LocalDate to, ZoneId zone) {
            return new long[] {from.atStartOfDay(zone).toInstant().toEpochMilli(),
                    to.atStartOfDay(zone).toInstant().toEpochMilli()};
        }

        private static long parseId(String value, Term term, Env env) {
            String digits = value.startsWith("gid://") ? value.substring(value.lastIndexOf('/') + 1) : value;
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw GraphqlFailure.badRequest("Invalid id '" + value + "' in the " + term.field() + " filter of "
                        + env.connection());
            }
        }
    }
}
