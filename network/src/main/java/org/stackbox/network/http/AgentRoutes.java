package org.stackbox.network.http;

import io.javalin.http.Context;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.auth.Caller;
import org.stackbox.network.bridge.Agent;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * {@code /v2.0/agents}: the agents whose work Stackbox does on this host (none on user-mode networks), for
 * administrators ({@code get_agent}), in the shape of Neutron's agent extension. Their heartbeat is the time of the
 * request, since they are this process; {@code alive} says whether their processes and devices are there.
 */
final class AgentRoutes {
    private static final String BASE = "/v2.0/agents";
    /** Neutron writes agent times as {@code 2019-07-23 10:55:31}, not ISO 8601. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private static final Set<String> ATTRIBUTES = Set.of("id", "agent_type", "binary", "topic", "host",
            "admin_state_up", "created_at", "started_at", "heartbeat_timestamp", "description", "resources_synced",
            "availability_zone", "alive", "configurations");

    private final Supplier<List<Agent>> agents;
    private final String networkUrl;

    AgentRoutes(Supplier<List<Agent>> agents, String networkUrl) {
        this.agents = requireNonNull(agents, "agents is null");
        this.networkUrl = requireNonNull(networkUrl, "networkUrl is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "get_agent", this::list);
        routes.get(BASE + "/{id}", "get_agent", this::show);
    }

    private void list(Context context, Caller caller) {
        List<Map<String, Object>> views = agents.get().stream().map(AgentRoutes::view).toList();
        Responses.ok(context, NetworkRoutes.query(context).apply("agents", views, ATTRIBUTES, networkUrl + BASE));
    }

    private void show(Context context, Caller caller) {
        String id = context.pathParam("id");
        Agent agent = agents.get().stream().filter(candidate -> candidate.id().equals(id)).findFirst()
                .orElseThrow(() -> new NeutronException(NeutronFault.AGENT_NOT_FOUND,
                        "Agent %s could not be found.".formatted(id), id));
        Responses.ok(context, Map.of("agent", view(agent)));
    }

    private static Map<String, Object> view(Agent agent) {
        Instant now = Instant.now();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", agent.id());
        view.put("agent_type", agent.agentType());
        view.put("binary", agent.binary());
        view.put("topic", agent.topic());
        view.put("host", agent.host());
        view.put("admin_state_up", true);
        view.put("created_at", TIME.format(agent.startedAt()));
        view.put("started_at", TIME.format(agent.startedAt()));
        view.put("heartbeat_timestamp", TIME.format(now));
        view.put("description", null);
        view.put("resources_synced", null);
        view.put("availability_zone", agent.availabilityZone());
        view.put("alive", agent.alive());
        view.put("configurations", agent.configurations());
        return view;
    }
}
