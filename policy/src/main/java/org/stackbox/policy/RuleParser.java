package org.stackbox.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * oslo.policy's rule language ({@code _parser.py}): checks {@code kind:match}, {@code @}, {@code !}, the operators
 * {@code not}, {@code and}, {@code or} (binding in that order, tightest first: {@code a or not b and c} is
 * {@code a or ((not b) and c)}) and parentheses. Tokens are split on whitespace and parentheses are peeled off
 * their ends, as oslo.policy does, so {@code (role:admin)} and {@code %(project_id)s} both read right.
 *
 * <p>Where oslo.policy logs a rule it cannot understand and treats it as {@code !}, this parser refuses it: a typo
 * in an operator's policy.yaml should stop the start, not silently lock everyone out.
 */
public final class RuleParser {
    private final String text;
    private final List<String> tokens;
    private int next;

    private RuleParser(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    /** The rule, or {@link PolicySyntaxException} saying what is wrong with it. The empty rule allows everyone. */
    public static Rule parse(String text) {
        RuleParser parser = new RuleParser(text);
        if (parser.tokens.isEmpty()) {
            return new Rule.Always();
        }
        Rule rule = parser.or();
        if (parser.next < parser.tokens.size()) {
            throw parser.error("unexpected '%s'".formatted(parser.tokens.get(parser.next)));
        }
        return rule;
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        for (String word : text.strip().split("\\s+")) {
            int start = 0;
            int end = word.length();
            while (start < end && word.charAt(start) == '(') {
                tokens.add("(");
                start++;
            }
            int closing = 0;
            while (end > start && word.charAt(end - 1) == ')' && !endsInterpolation(word, start, end)) {
                closing++;
                end--;
            }
            if (start < end) {
                tokens.add(word.substring(start, end));
            }
            for (int i = 0; i < closing; i++) {
                tokens.add(")");
            }
        }
        return tokens;
    }

    /** {@code %(name)s} ends in {@code s}, never in a parenthesis; this keeps a bare {@code %(name)} whole. */
    private static boolean endsInterpolation(String word, int start, int end) {
        int open = word.lastIndexOf("%(", end - 1);
        return open >= start && word.indexOf(')', open) == end - 1;
    }

    private Rule or() {
        List<Rule> alternatives = new ArrayList<>(List.of(and()));
        while (keyword("or")) {
            alternatives.add(and());
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new Rule.Or(alternatives);
    }

    private Rule and() {
        List<Rule> all = new ArrayList<>(List.of(not()));
        while (keyword("and")) {
            all.add(not());
        }
        return all.size() == 1 ? all.get(0) : new Rule.And(all);
    }

    private Rule not() {
        if (keyword("not")) {
            return new Rule.Not(not());
        }
        return primary();
    }

    private Rule primary() {
        if (next >= tokens.size()) {
            throw error("it ends where a check is expected");
        }
        String token = tokens.get(next++);
        if (token.equals("(")) {
            Rule inner = or();
            if (next >= tokens.size() || !tokens.get(next).equals(")")) {
                throw error("a '(' is not closed");
            }
            next++;
            return inner;
        }
        if (token.equals(")") || isKeyword(token)) {
            throw error("unexpected '%s'".formatted(token));
        }
        return check(token);
    }

    private Rule check(String token) {
        if (token.equals("@")) {
            return new Rule.Always();
        }
        if (token.equals("!")) {
            return new Rule.Never();
        }
        int colon = token.indexOf(':');
        if (colon <= 0 || colon == token.length() - 1) {
            throw error("'%s' is not a check (kind:match, @ or !)".formatted(token));
        }
        String kind = token.substring(0, colon);
        String match = token.substring(colon + 1);
        return switch (kind) {
            case "rule" -> new Rule.Reference(match);
            case "role" -> new Rule.Role(match);
            case "http", "https" -> throw error("remote checks (%s) are not supported".formatted(token));
            default -> new Rule.Generic(kind, match);
        };
    }

    private boolean keyword(String word) {
        if (next < tokens.size() && tokens.get(next).toLowerCase(Locale.ROOT).equals(word)) {
            next++;
            return true;
        }
        return false;
    }

    private static boolean isKeyword(String token) {
        String lowered = token.toLowerCase(Locale.ROOT);
        return lowered.equals("and") || lowered.equals("or") || lowered.equals("not");
    }

    private PolicySyntaxException error(String problem) {
        return new PolicySyntaxException("\"%s\": %s".formatted(text, problem));
    }
}
