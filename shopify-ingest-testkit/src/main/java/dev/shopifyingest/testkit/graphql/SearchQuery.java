package dev.shopifyingest.testkit.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax), parsed into a tree:
 * terms {@code field:value} with the comparators {@code :<}, {@code :<=}, {@code :>},
 * {@code :>=}, bare words (free text), {@code AND} (also implied between terms), {@code OR},
 * {@code NOT} or a leading {@code -}, and parentheses. Values may be quoted with single or double
 * quotes.
 */
final class SearchQuery {

    private SearchQuery() {
    }

    /** A node of the parsed query. */
    sealed interface Node permits Term, And, Or, Not {
        /** The node in the shape Shopify reports under {@code extensions.search[].parsed}. */
        Object describe();
    }

    /**
     * {@code field:value}, or free text when {@code field} is null.
     *
     * @param comparator one of {@code :}, {@code >}, {@code >=}, {@code <}, {@code <=}
     * @param quoted whether the value was quoted (a phrase, or a time containing colons)
     */
    record Term(String field, String comparator, String value, boolean quoted) implements Node {
        @Override
        public Object describe() {
            Map<String, Object> parsed = new LinkedHashMap<>();
            parsed.put("field", field == null ? "default" : field);
            String key = switch (comparator) {
                case ">" -> "range_gt";
                case ">=" -> "range_gte";
                case "<" -> "range_lt";
                case "<=" -> "range_lte";
                default -> quoted ? "match_phrase" : "match_all";
            };
            parsed.put(key, value);
            return parsed;
        }
    }

    /** All parts must match. */
    record And(List<Node> parts) implements Node {
        @Override
        public Object describe() {
            return Map.of("and", parts.stream().map(Node::describe).toList());
        }
    }

    /** Any part must match. */
    record Or(List<Node> parts) implements Node {
        @Override
        public Object describe() {
            return Map.of("or", parts.stream().map(Node::describe).toList());
        }
    }

    /** The part must not match. */
    record Not(Node part) implements Node {
        @Override
        public Object describe() {
            return Map.of("not", part.describe());
        }
    }

    /**
     * Parses {@code text}.
     *
     * @return the tree, or {@code null} for a blank query
     * @throws GraphqlFailure on unbalanced quotes or parentheses
     */
    static Node parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Parser parser = new Parser(tokenize(text), text);
        Node node = parser.or();
        if (parser.at < parser.tokens.size()) {
            throw GraphqlFailure.badRequest("Invalid search query '" + text + "': unexpected "
                    + parser.tokens.get(parser.at).describe());
        }
        return node;
    }

    private enum Kind { OPEN, CLOSE, AND, OR, NOT, TERM }

    private record Token(Kind kind, Term term) {
        String describe() {
            return switch (kind) {
                case OPEN -> "'('";
                case CLOSE -> "')'";
                case TERM -> "'" + term.value() + "'";
                default -> kind.name();
            };
        }
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                tokens.add(new Token(Kind.OPEN, null));
                i++;
            } else if (c == ')') {
                tokens.add(new Token(Kind.CLOSE, null));
                i++;
            } else if (c == '-' && i + 1 < n && !Character.isWhitespace(text.charAt(i + 1))) {
                tokens.add(new Token(Kind.NOT, null));
                i++;
            } else if (c == '"' || c == '\'') {
                int end = closingQuote(text, i);
                tokens.add(new Token(Kind.TERM, new Term(null, ":", text.substring(i + 1, end), true)));
                i = end + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(text.charAt(i)) && "():\"'".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
                String word = text.substring(start, i);
                if (i < n && text.charAt(i) == ':' && !word.isEmpty()) {
                    i++;
                    while (i < n && Character.isWhitespace(text.charAt(i))) {
                        i++;
                    }
                    String comparator = ":";
                    for (String candidate : new String[] {">=", "<=", ">", "<"}) {
                        if (text.startsWith(candidate, i)) {
                            comparator = candidate;
                            i += candidate.length();
                            break;
                        }
                    }
                    if (i < n && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
                        int end = closingQuote(text, i);
                        tokens.add(new Token(Kind.TERM, new Term(word, comparator, text.substring(i + 1, end), true)));
                        i = end + 1;
                    } else {
                        int valueStart = i;
                        while (i < n && !Character.isWhitespace(text.charAt(i)) && "()".indexOf(text.charAt(i)) < 0) {
                            i++;
                        }
                        tokens.add(new Token(Kind.TERM, new Term(word, comparator, text.substring(valueStart, i), false)));
                    }
                } else if (word.isEmpty()) {
                    // A stray colon or quote character: keep it as text rather than loop forever.
                    tokens.add(new Token(Kind.TERM, new Term(null, ":", String.valueOf(text.charAt(i)), false)));
                    i++;
                } else {
                    tokens.add(switch (word) {
                        case "AND" -> new Token(Kind.AND, null);
                        case "OR" -> new Token(Kind.OR, null);
                        case "NOT" -> new Token(Kind.NOT, null);
                        default -> new Token(Kind.TERM, new Term(null, ":", word, false));
                    });
                }
            }
        }
        return tokens;
    }

    private static int closingQuote(String text, int open) {
        int end = text.indexOf(text.charAt(open), open + 1);
        if (end < 0) {
            throw GraphqlFailure.badRequest("Invalid search query '" + text + "': unterminated quote");
        }
        return end;
    }

    private static final class Parser {
        private final List<Token> tokens;
        private final String text;
        private int at;

        Parser(List<Token> tokens, String text) {
            this.tokens = tokens;
            this.text = text;
        }

        Node or() {
            List<Node> parts = new ArrayList<>();
            parts.add(and());
            while (peek(Kind.OR)) {
                at++;
                parts.add(and());
            }
            return parts.size() == 1 ? parts.getFirst() : new Or(parts);
        }

        Node and() {
            List<Node> parts = new ArrayList<>();
            parts.add(unary());
            while (at < tokens.size() && !peek(Kind.OR) && !peek(Kind.CLOSE)) {
                if (peek(Kind.AND)) {
                    at++;
                }
                parts.add(unary());
            }
            return parts.size() == 1 ? parts.getFirst() : new And(parts);
        }

        Node unary() {
            if (at >= tokens.size()) {
                throw GraphqlFailure.badRequest("Invalid search query '" + text + "': it ends where a term is expected");
            }
            Token token = tokens.get(at++);
            return switch (token.kind()) {
                case NOT -> new Not(unary());
                case OPEN -> {
                    Node inner = or();
                    if (!peek(Kind.CLOSE)) {
                        throw GraphqlFailure.badRequest("Invalid search query '" + text + "': missing ')'");
                    }
                    at++;
                    yield inner;
                }
                case TERM -> token.term();
                default -> throw GraphqlFailure.badRequest("Invalid search query '" + text + "': unexpected "
                        + token.describe());
            };
        }

        private boolean peek(Kind kind) {
            return at < tokens.size() && tokens.get(at).kind() == kind;
        }
    }
}
