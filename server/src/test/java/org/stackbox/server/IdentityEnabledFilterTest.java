package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Keystone's {@code ?enabled=} filter on the lists of domains, projects and users, with oslo's boolean words. */
@Timeout(120)
class IdentityEnabledFilterTest extends InProcessCloudTest {
    @Test
    void theListsKeepTheEnabledOrTheDisabled() throws Exception {
        cloud.create("/identity/v3/domains", "{\"domain\": {\"name\": \"off-domain\", \"enabled\": false}}");
        cloud.create("/identity/v3/projects",
                "{\"project\": {\"name\": \"off-project\", \"domain_id\": \"default\", \"enabled\": false}}");
        cloud.create("/identity/v3/users", "{\"user\": {\"name\": \"off-user\", \"domain_id\": \"default\", \"enabled\": false}}");

        for (String collection : List.of("domains", "projects", "users")) {
            String disabled = "off-" + collection.substring(0, collection.length() - 1);
            List<String> onlyDisabled = names(collection, "?enabled=false");
            assertThat(onlyDisabled).as(collection).containsExactly(disabled);
            assertThat(names(collection, "?enabled=0")).as(collection).containsExactly(disabled);
            assertThat(names(collection, "?enabled=No")).as(collection).containsExactly(disabled);
            List<String> onlyEnabled = names(collection, "?enabled=true");
            assertThat(onlyEnabled).as(collection).isNotEmpty().doesNotContain(disabled);
            assertThat(names(collection, "?enabled=anything")).as(collection).isEqualTo(onlyEnabled);
            assertThat(names(collection, "")).as(collection).containsAll(onlyEnabled).contains(disabled)
                    .hasSize(onlyEnabled.size() + 1);
        }
    }

    private static List<String> names(String collection, String query) throws Exception {
        HttpResponse<String> listed = cloud.call("GET", "/identity/v3/" + collection + query, cloud.admin(), null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode item : JSON.readTree(listed.body()).path(collection)) {
            names.add(item.path("name").asText());
        }
        return names;
    }
}
