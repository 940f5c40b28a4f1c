package org.stackbox.network.store;

import com.fasterxml.jackson.core.type.TypeReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;
import org.stackbox.network.model.SecurityGroup;
import org.stackbox.network.model.SecurityGroupRule;
import org.stackbox.network.model.SecurityGroupRule.Direction;
import org.stackbox.network.model.SecurityGroupRule.Ethertype;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Security groups and their rules. A project's default group is written with its rules in one transaction, and the
 * key of {@code network_default_security_groups} lets only one request make it ({@link DuplicateKeyException}).
 */
public final class SecurityGroupRepository {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final RowMapper<SecurityGroup> GROUP = (row, context) -> new SecurityGroup(row.getString("id"),
            row.getString("project_id"), row.getString("name"), row.getString("description"),
            row.getBoolean("stateful"), JsonColumns.read(row.getString("tags"), STRINGS), row.getInt("revision"),
            Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("updated_at")));
    private static final RowMapper<SecurityGroupRule> RULE = (row, context) -> new SecurityGroupRule(
            row.getString("id"), row.getString("security_group_id"), row.getString("project_id"),
            Direction.valueOf(row.getString("direction")), Ethertype.valueOf(row.getString("ethertype")),
            Optional.ofNullable(row.getString("protocol")),
            optionalInt(row, "port_range_min"), optionalInt(row, "port_range_max"),
            Optional.ofNullable(row.getString("remote_ip_prefix")), Optional.ofNullable(row.getString("remote_group_id")),
            row.getString("description"), row.getInt("revision"), Instant.ofEpochMilli(row.getLong("created_at")),
            Instant.ofEpochMilli(row.getLong("updated_at")));

    private final Jdbi jdbi;

    private static Optional<Integer> optionalInt(java.sql.ResultSet row, String column) throws java.sql.SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    public SecurityGroupRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** A group with its first rules; {@code isDefault} makes it its project's default group. */
    public void insert(SecurityGroup group, List<SecurityGroupRule> rules, boolean isDefault) {
        try {
            jdbi.useTransaction(handle -> {
                bind(handle.createUpdate("""
                        INSERT INTO network_security_groups (id, project_id, name, description, stateful, tags,
                            revision, created_at, updated_at)
                        VALUES (:id, :projectId, :name, :description, :stateful, :tags, :revision, :createdAt,
                            :updatedAt)"""), group).execute();
                if (isDefault) {
                    handle.createUpdate("""
                            INSERT INTO network_default_security_groups (project_id, security_group_id)
                            VALUES (:projectId, :id)""").bind("projectId", group.projectId()).bind("id", group.id())
                            .execute();
                }
                for (SecurityGroupRule rule : rules) {
                    insertRule(handle, rule);
                }
            });
        } catch (UnableToExecuteStatementException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw new DuplicateKeyException("The project has a default security group already", e);
            }
            throw e;
        }
    }

    public void update(SecurityGroup group) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("""
                UPDATE network_security_groups SET name = :name, description = :description, stateful = :stateful,
                    tags = :tags, revision = :revision, updated_at = :updatedAt
                WHERE id = :id"""), group).execute());
    }

    public Optional<SecurityGroup> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM network_security_groups WHERE id = :id")
                .bind("id", id).map(GROUP).findOne());
    }

    public Optional<String> defaultGroupOf(String projectId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT security_group_id FROM network_default_security_groups WHERE project_id = :projectId")
                .bind("projectId", projectId).mapTo(String.class).findOne());
    }

    public boolean isDefault(String groupId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM network_default_security_groups WHERE security_group_id = :id")
                .bind("id", groupId).mapTo(Integer.class).one() > 0);
    }

    /** A project's groups; every group when {@code projectId} is empty. */
    public List<SecurityGroup> list(Optional<String> projectId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM network_security_groups WHERE :all OR project_id = :projectId
                        ORDER BY created_at, id""")
                .bind("all", projectId.isEmpty()).bind("projectId", projectId.orElse("")).map(GROUP).list());
    }

    public int countGroups(String projectId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM network_security_groups WHERE project_id = :projectId")
                .bind("projectId", projectId).mapTo(Integer.class).one());
    }

    public int countRules(String projectId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM network_security_group_rules WHERE project_id = :projectId")
                .bind("projectId", projectId).mapTo(Integer.class).one());
    }

    /** Deletes the group, its rules, the rules of other groups that name it, and its default mark. */
    public void delete(String id) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM network_security_group_rules WHERE security_group_id = :id OR "
                    + "remote_group_id = :id").bind("id", id).execute();
            handle.createUpdate("DELETE FROM network_default_security_groups WHERE security_group_id = :id")
                    .bind("id", id).execute();
            handle.createUpdate("DELETE FROM network_security_groups WHERE id = :id").bind("id", id).execute();
        });
    }

    // ---- rules ---------------------------------------------------------------------------------------------------

    public void insertRule(SecurityGroupRule rule) {
        jdbi.useHandle(handle -> insertRule(handle, rule));
    }

    public Optional<SecurityGroupRule> findRule(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM network_security_group_rules WHERE id = :id")
                .bind("id", id).map(RULE).findOne());
    }

    public List<SecurityGroupRule> rulesOf(String groupId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM network_security_group_rules WHERE security_group_id = :id
                        ORDER BY created_at, id""").bind("id", groupId).map(RULE).list());
    }

    /** Every rule, in the order they were made; the firewall and the API's lists read them all at once. */
    public List<SecurityGroupRule> allRules() {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT * FROM network_security_group_rules ORDER BY created_at, id").map(RULE).list());
    }

    public void deleteRule(String id) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM network_security_group_rules WHERE id = :id")
                .bind("id", id).execute());
    }

    private static void insertRule(Handle handle, SecurityGroupRule rule) {
        handle.createUpdate("""
                INSERT INTO network_security_group_rules (id, security_group_id, project_id, direction, ethertype,
                    protocol, port_range_min, port_range_max, remote_ip_prefix, remote_group_id, description, revision,
                    created_at, updated_at)
                VALUES (:id, :groupId, :projectId, :direction, :ethertype, :protocol, :min, :max, :prefix,
                    :remoteGroupId, :description, :revision, :createdAt, :updatedAt)""")
                .bind("id", rule.id()).bind("groupId", rule.securityGroupId()).bind("projectId", rule.projectId())
                .bind("direction", rule.direction().name()).bind("ethertype", rule.ethertype().name())
                .bind("protocol", rule.protocol().orElse(null))
                .bindByType("min", rule.portRangeMin().orElse(null), Integer.class)
                .bindByType("max", rule.portRangeMax().orElse(null), Integer.class)
                .bind("prefix", rule.remoteIpPrefix().orElse(null))
                .bind("remoteGroupId", rule.remoteGroupId().orElse(null)).bind("description", rule.description())
                .bind("revision", rule.revision()).bind("createdAt", rule.createdAt().toEpochMilli())
                .bind("updatedAt", rule.updatedAt().toEpochMilli()).execute();
    }

    private static Update bind(Update update, SecurityGroup group) {
        return update.bind("id", group.id()).bind("projectId", group.projectId()).bind("name", group.name())
                .bind("description", group.description()).bind("stateful", group.stateful())
                .bind("tags", JsonColumns.write(group.tags())).bind("revision", group.revision())
                .bind("createdAt", group.createdAt().toEpochMilli()).bind("updatedAt", group.updatedAt().toEpochMilli());
    }
}
