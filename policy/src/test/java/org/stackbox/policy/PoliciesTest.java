package org.stackbox.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped defaults, and an operator's policy.yaml over them. */
class PoliciesTest {
    private static final Credentials MEMBER = new Credentials("u1", "default", "p1", null, Set.of("member", "reader"));
    private static final Credentials READER = new Credentials("u2", "default", "p1", null, Set.of("reader"));
    private static final Credentials ADMIN = new Credentials("u0", "default", "p0", null, Set.of("admin", "member", "reader"));
    private static final Map<String, String> P1 = Map.of("project_id", "p1", "user_id", "u1");

    @TempDir
    Path data;

    @Test
    void defaultsFollowSecureRbac() {
        Policies policies = Policies.defaults();
        RuleSet compute = policies.service("compute");
        assertThat(compute.allows("os_compute_api:servers:create", MEMBER, P1)).isTrue();
        assertThat(compute.allows("os_compute_api:servers:create", READER, P1)).isFalse();
        assertThat(compute.allows("os_compute_api:servers:index", READER, P1)).isTrue();
        assertThat(compute.allows("os_compute_api:os-flavor-manage:create", MEMBER, P1)).isFalse();
        assertThat(compute.allows("os_compute_api:os-flavor-manage:create", ADMIN, P1)).isTrue();
        assertThat(policies.service("volume").allows("volume:create", READER, P1)).isFalse();
        assertThat(policies.service("volume").allows("volume:get_all", READER, P1)).isTrue();
        assertThat(policies.service("image").allows("deactivate", READER, P1)).isFalse();
        assertThat(policies.service("network").allows("create_port", READER, P1)).isFalse();
        assertThat(policies.service("identity").allows("identity:create_project", MEMBER, P1)).isFalse();
        assertThat(policies.service("identity").allows("identity:create_project", ADMIN, P1)).isTrue();
    }

    @Test
    void anOverrideReplacesTheDefault() throws Exception {
        Path file = Files.writeString(data.resolve("policy.yaml"), """
                # only administrators create servers here
                "os_compute_api:servers:create": "rule:context_is_admin"
                "volume:create": "role:member and project_id:%(project_id)s"
                "my_helper": "role:operator"
                """);
        Policies policies = Policies.load(file);
        assertThat(policies.service("compute").allows("os_compute_api:servers:create", MEMBER, P1)).isFalse();
        assertThat(policies.service("compute").allows("os_compute_api:servers:create", ADMIN, P1)).isTrue();
        assertThat(policies.service("compute").allows("os_compute_api:servers:delete", MEMBER, P1)).isTrue();
        assertThat(policies.service("volume").allows("volume:create", ADMIN, P1)).as("admin of another project").isFalse();
        assertThat(policies.service("network").contains("my_helper")).isTrue();
    }

    @Test
    void noFileMeansTheDefaults() {
        assertThat(Policies.load(data.resolve("policy.yaml")).service("compute").names())
                .isEqualTo(Policies.defaults().service("compute").names());
    }

    @Test
    void aMalformedFileIsRefusedWithWhatIsWrong() throws Exception {
        Path badRule = Files.writeString(data.resolve("bad-rule.yaml"), "\"volume:create\": \"role:member and\"\n");
        assertThatThrownBy(() -> Policies.load(badRule)).isInstanceOf(PolicySyntaxException.class)
                .hasMessageContaining(badRule.toString()).hasMessageContaining("volume:create")
                .hasMessageContaining("role:member and");
        Path notYaml = Files.writeString(data.resolve("not-yaml.yaml"), "\"volume:create\": [unclosed\n");
        assertThatThrownBy(() -> Policies.load(notYaml)).isInstanceOf(PolicySyntaxException.class)
                .hasMessageContaining("not valid YAML");
        Path list = Files.writeString(data.resolve("list.yaml"), "- role:admin\n");
        assertThatThrownBy(() -> Policies.load(list)).isInstanceOf(PolicySyntaxException.class)
                .hasMessageContaining("must map rule names to rules");
        Path cycle = Files.writeString(data.resolve("cycle.yaml"), "\"context_is_admin\": \"rule:project_member_or_admin\"\n");
        assertThatThrownBy(() -> Policies.load(cycle)).isInstanceOf(PolicySyntaxException.class)
                .hasMessageContaining("refers to itself");
    }
}
