package org.stackbox.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One parsed rule of oslo.policy's language, and how it decides. Each variant is one of oslo.policy's checks
 * ({@code _checks.py}); {@link #toString()} writes it back the way oslo.policy prints a check, which is what Neutron
 * puts in its refusals.
 */
public sealed interface Rule {
    /**
     * Whether the credentials pass this rule for the target. {@code rules} resolves {@code rule:NAME}; a name it
     * does not hold fails, as in oslo.policy.
     */
    boolean allows(Credentials credentials, Map<String, String> target, RuleSet rules);

    /** {@code @} (and the empty rule): everyone. */
    record Always() implements Rule {
        @Override
        public boolean allows(Credentials credentials, Map<String, String> target, RuleSet rules) {
            return true;
        }

        @Override
        public String toString() {
            return "@";
        }
    }

    /** {@code !}: nobody. */
    record Never() implements Rule {
        @Override
        public boolean allows(Credentials credentials, Map<String, String> target, RuleSet rules) {
            return false;
        }

        @Override
        public String toString() {
            return "!";
        }
    }

    record Not(Rule rule) implements Rule {
        public Not {
            requireNonNull(rule, "rule is null");
        }

        @Override
        public boolean allows(Credentials credentials, Map<String, String> target, RuleSet rules) {
            return !rule.allows(credentials, target, rules);
        }

        @Override
        public String toString() {
            return "not " + rule;
        }
    }

    record And(List<Rule> rules) implements Rule {
        public And {
            rules = List.copyOf(rules);
        }

        @Override
        public boolean allows(Credentials credentials, Map<String, String> target, RuleSet ruleSet) {
            return rules.stream().allMatch(rule -> rule.allows(credentials, target, ruleSet));
        }

        @Override
        public String toString() {
            return "(" + String.join(" and ", rules.stream().map(Rule::toString).toList()) + ")";
        }
    }

    record Or(List<Rule> rules) implements Rule {
        public Or {
            rules = List.copyOf(rules);
        }

        @Override
        public boolean allows(Credentials credentials, Map<String, String> target, RuleSet ruleSet) {
            return rules.stream().anyMatch(rule -> rule.allows(credentials, target, ruleSet));
        }

        @Override
        public String toString() {
            return "(" + String.join(" or ", rules.stream().map(Rule::toString).toList()) + ")";
        }
    }

    /** {@code rule:NAME}: another rule of the same set. */
    record Reference(String name) implements Rule {
        public Reference {
            requireNonNull(name, "name is null");
        }

        @Override
        public boolean allows(Credentials credentials, Map<String, String> target, RuleSet rules) {
            return rules.rule(name).map(rule -> rule.allows(credentials, target, rules)).orElse(false);
        }

        @Override
        public String toString() {
            return "rule:" + name;
        }
    }

    /** {@code role:NAME}: the caller holds the role (compared without case, as oslo.policy does). */
    record Role(String match) implements Rule {
        public Role {
            requireNonNull(match, "match is null");
        }

        @Override
        public boolean allows(Credentials credentials, Map<String, String> target, RuleSet rules) {
            return Interpolation.apply(match, target)
                    .map(role -> credentials.roles().contains(role.toLowerCase(Locale.ROOT)))
                    .orElse(false);
        }

        @Override
        public String toString() {
            return "role:" + match;
        }
    }

    /**
     * Any other {@code kind:match}, oslo.policy's generic check: the credential named by {@code kind} (or a quoted
     * literal) equals the match after the target's values are put in. A credential Stackbox does not have
     * ({@code system_scope}) or a target value it does not know never matches.
     */
    record Generic(String kind, String match) implements Rule {
        public Generic {
            requireNonNull(kind, "kind is null");
            requireNonNull(match, "match is null");
        }

        @Override
        public boolean allows(Credentials credentials, Map<String, String> target, RuleSet rules) {
            Optional<String> expected = Interpolation.apply(match, target);
            if (expected.isEmpty()) {
                return false;
            }
            if (kind.length() >= 2 && (kind.startsWith("'") && kind.endsWith("'")
                    || kind.startsWith("\"") && kind.endsWith("\""))) {
                return expected.get().equals(kind.substring(1, kind.length() - 1));
            }
            if (kind.equals("True") || kind.equals("False")) {
                return expected.get().equals(kind);
            }
            return credentials.value(kind).map(expected.get()::equals).orElse(false);
        }

        @Override
        public String toString() {
            return kind + ":" + match;
        }
    }

    /** oslo.policy's {@code match % target}: each {@code %(name)s} becomes the target's value; a missing one fails. */
    final class Interpolation {
        private static final Pattern FIELD = Pattern.compile("%\\(([^)]+)\\)s");

        private Interpolation() {}

        static Optional<String> apply(String match, Map<String, String> target) {
            Matcher fields = FIELD.matcher(match);
            StringBuilder result = new StringBuilder();
            while (fields.find()) {
                String value = target.get(fields.group(1));
                if (value == null) {
                    return Optional.empty();
                }
                fields.appendReplacement(result, Matcher.quoteReplacement(value));
            }
            fields.appendTail(result);
            return Optional.of(result.toString());
        }
    }
}
