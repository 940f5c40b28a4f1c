package org.stackbox.policy;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** oslo.policy's rule language: how rules parse (tables of text and its structure) and how they decide. */
class RuleParserTest {
    private static final Credentials MEMBER = new Credentials("u1", "default", "p1", null, Set.of("member", "reader"));
    private static final Credentials READER = new Credentials("u2", "default", "p1", null, Set.of("reader"));
    private static final Credentials ADMIN = new Credentials("u0", "default", "p0", null, Set.of("admin", "member", "reader"));
    private static final Credentials OTHER_MEMBER = new Credentials("u3", "default", "p2", null, Set.of("member", "reader"));
    private static final Credentials UNSCOPED = new Credentials("u1", "default", null, null, Set.of());
    private static final Map<String, String> P1 = Map.of("project_id", "p1", "user_id", "u1");

    @Test
    void parsesAsOsloPolicyDoes() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", "@");
        cases.put("@", "@");
        cases.put("!", "!");
        cases.put("role:admin", "role:admin");
        cases.put("rule:admin_api", "rule:admin_api");
        cases.put("(role:admin)", "role:admin");
        cases.put("((role:admin))", "role:admin");
        cases.put("is_admin:True", "is_admin:True");
        cases.put("project_id:%(project_id)s", "project_id:%(project_id)s");
        cases.put("(project_id:%(project_id)s)", "project_id:%(project_id)s");
        cases.put("role:a and role:b", "(role:a and role:b)");
        cases.put("role:a or role:b", "(role:a or role:b)");
        cases.put("role:a AND role:b Or role:c", "((role:a and role:b) or role:c)");
        // Precedence: not binds tightest, then and, then or.
        cases.put("role:a or role:b and role:c", "(role:a or (role:b and role:c))");
        cases.put("role:a and role:b or role:c and role:d", "((role:a and role:b) or (role:c and role:d))");
        cases.put("not role:a and role:b", "(not role:a and role:b)");
        cases.put("not role:a or role:b", "(not role:a or role:b)");
        cases.put("not (role:a or role:b)", "not (role:a or role:b)");
        cases.put("not not role:a", "not not role:a");
        cases.put("(role:a or role:b) and role:c", "((role:a or role:b) and role:c)");
        cases.put("role:a or role:b or role:c", "(role:a or role:b or role:c)");
        cases.put("'public':%(visibility)s", "'public':%(visibility)s");
        cases.put("(rule:admin_only) or (role:member and project_id:%(project_id)s)",
                "(rule:admin_only or (role:member and project_id:%(project_id)s))");
        cases.forEach((text, expected) -> assertThat(RuleParser.parse(text).toString()).as(text).isEqualTo(expected));
    }

    @Test
    void refusesWhatOsloPolicyCannotUnderstand() {
        for (String text : List.of("role:a and", "or role:a", "(role:a", "role:a)", "admin", "role:", ":x",
                "role:a role:b", "not", "()", "role:a and and role:b", "http://example.com/check")) {
            assertThatThrownBy(() -> RuleParser.parse(text)).as(text).isInstanceOf(PolicySyntaxException.class)
                    .hasMessageContaining(text);
        }
    }

    @Test
    void decides() {
        RuleSet rules = RuleSet.of("test", Map.of(
                "context_is_admin", "role:admin",
                "member_or_admin", "(role:member and project_id:%(project_id)s) or rule:context_is_admin",
                "reader_or_admin", "(role:reader and project_id:%(project_id)s) or rule:context_is_admin",
                "owner", "user_id:%(user_id)s",
                "legacy_admin", "is_admin:True",
                "system", "role:admin and system_scope:all",
                "not_reader", "not role:reader",
                "missing", "rule:nowhere",
                "unknown_target", "project_id:%(tenant)s",
                "public", "'public':%(visibility)s"));
        record Case(String rule, Credentials who, boolean allowed) {}
        List<Case> cases = List.of(
                new Case("member_or_admin", MEMBER, true),
                new Case("member_or_admin", READER, false),
                new Case("member_or_admin", ADMIN, true),
                new Case("member_or_admin", OTHER_MEMBER, false),
                new Case("member_or_admin", UNSCOPED, false),
                new Case("reader_or_admin", READER, true),
                new Case("reader_or_admin", UNSCOPED, false),
                new Case("owner", MEMBER, true),
                new Case("owner", READER, false),
                new Case("legacy_admin", ADMIN, true),
                new Case("legacy_admin", MEMBER, false),
                new Case("system", ADMIN, false),
                new Case("not_reader", READER, false),
                new Case("not_reader", UNSCOPED, true),
                new Case("missing", ADMIN, false),
                new Case("no_such_rule", ADMIN, false),
                new Case("unknown_target", ADMIN, false),
                new Case("public", MEMBER, false));
        for (Case test : cases) {
            assertThat(rules.allows(test.rule(), test.who(), P1)).as(test.rule() + " for " + test.who()).isEqualTo(test.allowed());
        }
        assertThat(rules.allows("public", MEMBER, Map.of("visibility", "public"))).isTrue();
        assertThat(rules.allows("member_or_admin", new Credentials("u", "d", "p1", null, Set.of("MEMBER")), P1))
                .as("roles compare without case").isTrue();
    }

    @Test
    void enforceNamesTheRule() {
        RuleSet rules = RuleSet.of("test", Map.of("volume:create", "role:member"));
        assertThatThrownBy(() -> rules.enforce("volume:create", READER, P1)).isInstanceOfSatisfying(PolicyException.class,
                refused -> assertThat(refused.rule()).isEqualTo("volume:create"));
    }

    @Test
    void refusesRulesThatReferToThemselves() {
        assertThatThrownBy(() -> RuleSet.of("test", Map.of("a", "rule:b or role:x", "b", "rule:a")))
                .isInstanceOf(PolicySyntaxException.class).hasMessageContaining("refers to itself");
    }
}
