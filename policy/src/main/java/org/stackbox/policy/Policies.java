package org.stackbox.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Every service's rules: the defaults shipped in this jar ({@code <service>-policy.yaml}, OpenStack's secure-RBAC
 * defaults under the services' own rule names), with the operator's {@code policy.yaml} laid over them. One file
 * serves all services, as the rule names do not collide: an override replaces the rule of that name in every
 * service that has one, and a name no service has (a helper rule the operator's other rules use) joins every
 * service.
 */
public final class Policies {
    /** The services that have default rules, by the name of their defaults file. */
    public static final List<String> SERVICES = List.of("identity", "image", "volume", "compute", "network");

    private static final Logger LOG = LoggerFactory.getLogger(Policies.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, RuleSet> services;

    private Policies(Map<String, RuleSet> services) {
        this.services = Map.copyOf(services);
    }

    /** The defaults alone. */
    public static Policies defaults() {
        return withOverrides(Map.of(), "no policy file");
    }

    /**
     * The defaults with {@code file}'s rules over them, when the file exists. A file that is not a map of rule
     * names to rule strings, or holds a rule that does not parse, is refused with a message naming the file, the
     * rule and the problem.
     */
    public static Policies load(Path file) {
        requireNonNull(file, "file is null");
        if (!Files.exists(file)) {
            return defaults();
        }
        try {
            return withOverrides(read(Files.readString(file, StandardCharsets.UTF_8), file.toString()), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the policy file " + file, e);
        }
    }

    /** One service's rules; a service without defaults gets the overrides alone (and so, usually, none). */
    public RuleSet service(String name) {
        RuleSet rules = services.get(name);
        if (rules == null) {
            throw new IllegalArgumentException("No service " + name + " has policy defaults");
        }
        return rules;
    }

    static Policies withOverrides(Map<String, String> overrides, String source) {
        Map<String, Rule> parsedOverrides = new LinkedHashMap<>();
        overrides.forEach((name, text) -> parsedOverrides.put(name, parse(source, name, text)));
        Map<String, RuleSet> services = new LinkedHashMap<>();
        Set<String> known = new TreeSet<>();
        for (String service : SERVICES) {
            String resource = service + "-policy.yaml";
            Map<String, Rule> rules = new LinkedHashMap<>();
            read(defaultsText(resource), resource).forEach((name, text) -> rules.put(name, parse(resource, name, text)));
            known.addAll(rules.keySet());
            rules.putAll(parsedOverrides);
            try {
                services.put(service, new RuleSet(service, rules));
            } catch (PolicySyntaxException e) {
                throw new PolicySyntaxException(source + ": " + e.getMessage(), e);
            }
        }
        for (String name : overrides.keySet()) {
            if (!known.contains(name)) {
                LOG.warn("{}: no Stackbox operation has the rule {}; other rules may refer to it", source, name);
            }
        }
        if (!overrides.isEmpty()) {
            LOG.info("Policy: {} rules from {} over the defaults", overrides.size(), source);
        }
        return new Policies(services);
    }

    private static Rule parse(String source, String name, String text) {
        try {
            return RuleParser.parse(text);
        } catch (PolicySyntaxException e) {
            throw new PolicySyntaxException("%s: rule %s %s".formatted(source, name, e.getMessage()), e);
        }
    }

    /** A YAML (or JSON) map of rule names to rule strings, as oslo.policy reads policy.yaml. */
    static Map<String, String> read(String text, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PolicySyntaxException("%s is not valid YAML: %s".formatted(source, e.getOriginalMessage()), e);
        }
        Map<String, String> rules = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return rules;
        }
        if (!root.isObject()) {
            throw new PolicySyntaxException(source + " must map rule names to rules, e.g. "
                    + "\"os_compute_api:servers:create\": \"role:member and project_id:%(project_id)s\"");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                rules.put(field.getKey(), "");
            } else if (value.isTextual()) {
                rules.put(field.getKey(), value.asText());
            } else {
                throw new PolicySyntaxException("%s: rule %s must be a string (the list form of old policy.json "
                        + "files is not read), not %s".formatted(source, field.getKey(), value));
            }
        }
        return rules;
    }

    private static String defaultsText(String resource) {
        try (InputStream in = Policies.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The policy defaults " + resource + " are missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
