package dev.shopifyingest.testkit.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The custom scalars of Shopify's Admin schema, as they travel on the wire: {@code DateTime} as
 * ISO-8601 UTC seconds, {@code Decimal}/{@code Money} as decimal strings, {@code UnsignedInt64}
 * and {@code BigInt} as strings (so 64-bit ids never lose precision in JSON), {@code JSON} as any
 * JSON value, the rest as strings.
 */
final class ShopifyScalars {

    /** The names the 2026-10 schema declares; every other custom scalar is wired as a string. */
    static final Set<String> NAMES = Set.of("ARN", "BigInt", "Color", "Date", "DateTime", "Decimal",
            "FormattedString", "HTML", "JSON", "Money", "StorefrontID", "URL", "UnsignedInt64", "UtcOffset");

    private ShopifyScalars() {
    }

    static GraphQLScalarType scalar(String name) {
        Coercing<?, ?> coercing = switch (name) {
            case "DateTime" -> new DateTimeCoercing();
            case "Date" -> new DateCoercing();
            case "Decimal", "Money" -> new DecimalCoercing(name);
            case "UnsignedInt64", "BigInt" -> new IntegerStringCoercing(name);
            case "JSON" -> new JsonCoercing();
            default -> new StringCoercing(name);
        };
        return GraphQLScalarType.newScalar().name(name).description("Shopify's " + name + " scalar").coercing(coercing)
                .build();
    }

    /** Formats an instant as Shopify does: UTC, whole seconds, {@code Z}. */
    static String formatDateTime(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Parses what Shopify accepts for a {@code DateTime} input: an ISO instant, offset or local date-time, or a date. */
    static Instant parseDateTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
        }
    }

    private static String literalString(Object input, String scalar) {
        if (input instanceof StringValue s) {
            return s.getValue();
        }
        throw new CoercingParseLiteralException("Expected a string literal for " + scalar + ", got " + input);
    }

    private static final class DateTimeCoercing implements Coercing<Instant, String> {
        @Override
        public String serialize(Object value, GraphQLContext context, Locale locale) {
            if (value instanceof Instant instant) {
                return formatDateTime(instant);
            }
            if (value instanceof String s) {
                return s;
            }
            throw new CoercingSerializeException("Not a DateTime: " + value);
        }

        @Override
        public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
            if (input instanceof Instant instant) {
                return instant;
            }
            try {
                return parseDateTime(String.valueOf(input));
            } catch (DateTimeParseException e) {
                throw new CoercingParseValueException("Invalid DateTime '" + input + "'");
            }
        }

        @Override
        public Instant parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            String text = literalString(input, "DateTime");
            try {
                return parseDateTime(text);
            } catch (DateTimeParseException e) {
                throw new CoercingParseLiteralException("Invalid DateTime '" + text + "'");
            }
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return StringValue.of(serialize(input, context, locale));
        }
    }

    private static final class DateCoercing implements Coercing<LocalDate, String> {
        @Override
        public String serialize(Object value, GraphQLContext context, Locale locale) {
            return value.toString();
        }

        @Override
        public LocalDate parseValue(Object input, GraphQLContext context, Locale locale) {
            try {
                return LocalDate.parse(String.valueOf(input));
            } catch (DateTimeParseException e) {
                throw new CoercingParseValueException("Invalid Date '" + input + "'");
            }
        }

        @Override
        public LocalDate parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            String text = literalString(input, "Date");
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw new CoercingParseLiteralException("Invalid Date '" + text + "'");
            }
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return StringValue.of(input.toString());
        }
    }

    /** Decimal and Money: exact decimals, written as plain strings in the scale the fetcher chose. */
    private record DecimalCoercing(String name) implements Coercing<BigDecimal, String> {
        @Override
        public String serialize(Object value, GraphQLContext context, Locale locale) {
            if (value instanceof BigDecimal decimal) {
                return decimal.toPlainString();
            }
            if (value instanceof String s) {
                return s;
            }
            throw new CoercingSerializeException("Not a " + name + ": " + value);
        }

        @Override
        public BigDecimal parseValue(Object input, GraphQLContext context, Locale locale) {
            try {
                return new BigDecimal(String.valueOf(input));
            } catch (NumberFormatException e) {
                throw new CoercingParseValueException("Invalid " + name + " '" + input + "'");
            }
        }

        @Override
        public BigDecimal parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                       Locale locale) {
            String text = switch (input) {
                case StringValue s -> s.getValue();
                case IntValue i -> i.getValue().toString();
                case FloatValue f -> f.getValue().toPlainString();
                default -> throw new CoercingParseLiteralException("Invalid " + name + " literal " + input);
            };
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new CoercingParseLiteralException("Invalid " + name + " '" + text + "'");
            }
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return StringValue.of(serialize(input, context, locale));
        }
    }

    /** UnsignedInt64 and BigInt: integers written as JSON strings. */
    private record IntegerStringCoercing(String name) implements Coercing<BigInteger, String> {
        @Override
        public String serialize(Object value, GraphQLContext context, Locale locale) {
            if (value instanceof Number || value instanceof String) {
                return value.toString();
            }
            throw new CoercingSerializeException("Not a " + name + ": " + value);
        }

        @Override
        public BigInteger parseValue(Object input, GraphQLContext context, Locale locale) {
            try {
                return check(new BigInteger(String.valueOf(input)));
            } catch (NumberFormatException e) {
                throw new CoercingParseValueException("Invalid " + name + " '" + input + "'");
            }
        }

        @Override
        public BigInteger parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                       Locale locale) {
            String text = switch (input) {
                case StringValue s -> s.getValue();
                case IntValue i -> i.getValue().toString();
                default -> throw new CoercingParseLiteralException("Invalid " + name + " literal " + input);
            };
            try {
                return check(new BigInteger(text));
            } catch (NumberFormatException e) {
                throw new CoercingParseLiteralException("Invalid " + name + " '" + text + "'");
            }
        }

        private BigInteger check(BigInteger value) {
            if ("UnsignedInt64".equals(name) && (value.signum() < 0 || value.bitLength() > 64)) {
                throw new CoercingParseValueException("UnsignedInt64 out of range: " + value);
            }
            return value;
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return StringValue.of(input.toString());
        }
    }

    private record StringCoercing(String name) implements Coercing<String, String> {
        @Override
        public String serialize(Object value, GraphQLContext context, Locale locale) {
            return value.toString();
        }

        @Override
        public String parseValue(Object input, GraphQLContext context, Locale locale) {
            if (input instanceof String s) {
                return s;
            }
            throw new CoercingParseValueException("Expected a string for " + name + ", got " + input);
        }

        @Override
        public String parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            return literalString(input, name);
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return StringValue.of(input.toString());
        }
    }

    private static final class JsonCoercing implements Coercing<Object, Object> {
        @Override
        public Object serialize(Object value, GraphQLContext context, Locale locale) {
            return value;
        }

        @Override
        public Object parseValue(Object input, GraphQLContext context, Locale locale) {
            return input;
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            return toJava(input, variables);
        }

        private static Object toJava(Value<?> value, CoercedVariables variables) {
            return switch (value) {
                case StringValue s -> s.getValue();
                case IntValue i -> i.getValue();
                case FloatValue f -> f.getValue();
                case BooleanValue b -> b.isValue();
                case NullValue n -> null;
                case VariableReference v -> variables.get(v.getName());
                case ArrayValue a -> {
                    List<Object> list = new ArrayList<>();
                    a.getValues().forEach(v -> list.add(toJava(v, variables)));
                    yield list;
                }
                case ObjectValue o -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    o.getObjectFields().forEach(f -> map.put(f.getName(), toJava(f.getValue(), variables)));
                    yield map;
                }
                default -> throw new CoercingParseLiteralException("Unsupported JSON literal " + value);
            };
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return StringValue.of(String.valueOf(input));
        }
    }
}
