package org.stackbox.policy;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One service's rules by name (oslo.policy's enforcer for that service): its defaults with the operator's
 * overrides laid over them. Built once at start; no rule refers to itself, directly or through others.
 */
public final class RuleSet {
    private final String service;
    private final Map<String, Rule> rules;

    RuleSet(String service, Map<String, Rule> rules) {
        this.service = requireNonNull(service, "service is null");
        this.rules = Map.copyOf(rules);
        for (String name : this.rules.keySet()) {
            refuseCycles(name, this.rules.get(name), new HashSet<>(Set.of(name)));
        }
    }

    /** Rules parsed from text, for tests and for services that build their own. */
    public static RuleSet of(String service, Map<String, String> rules) {
        Map<String, Rule> parsed = new LinkedHashMap<>();
        rules.forEach((name, text) -> parsed.put(name, RuleParser.parse(text)));
        return new RuleSet(service, parsed);
    }

    public String service() {
        return service;
    }

    public Optional<Rule> rule(String name) {
        return Optional.ofNullable(rules.get(name));
    }

    public boolean contains(String name) {
        return rules.containsKey(name);
    }

    public Set<String> names() {
        return rules.keySet();
    }

    /** oslo.policy's {@code enforce(rule, target, creds)} without raising; a rule this set does not hold fails. */
    public boolean allows(String name, Credentials credentials, Map<String, String> target) {
        return rule(name).map(rule -> rule.allows(credentials, target, this)).orElse(false);
    }

    /** Like {@link #allows}, refusing with {@link PolicyException} (which names the rule) when it does not. */
    public void enforce(String name, Credentials credentials, Map<String, String> target) {
        if (!allows(name, credentials, target)) {
            throw new PolicyException(name);
        }
    }

    private void refuseCycles(String root, Rule rule, Set<String> path) {
        if (rule instanceof Rule.Reference reference) {
            if (!path.add(reference.name())) {
                throw new PolicySyntaxException("%s rule %s refers to itself through %s"
                        .formatted(service, root, String.join(" -> ", path)));
            }
            rule(reference.name()).ifPresent(target -> refuseCycles(root, target, path));
            path.remove(reference.name());
        } else if (rule instanceof Rule.Not not) {
            refuseCycles(root, not.rule(), path);
        } else if (rule instanceof Rule.And and) {
            and.rules().forEach(inner -> refuseCycles(root, inner, path));
        } else if (rule instanceof Rule.Or or) {
            or.rules().forEach(inner -> refuseCycles(root, inner, path));
        }
    }
}
