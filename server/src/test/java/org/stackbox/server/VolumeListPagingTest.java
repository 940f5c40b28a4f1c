package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Cinder's paged volume lists: a page as long as its limit links to the next one, which goes on from its last item. */
@Timeout(120)
class VolumeListPagingTest extends InProcessCloudTest {
    @Test
    void aFullPageLinksToTheNextOne() throws Exception {
        String project = cloud.project("paging");
        cloud.user("paula", "member", project);
        String token = cloud.tokenOf("paula", project);
        List<String> made = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            made.add(cloud.availableVolume(token, project));
        }
        JsonNode first = JSON.readTree(cloud.call("GET", "/volume/v3/%s/volumes?limit=2".formatted(project), token, null)
                .body());
        assertThat(first.path("volumes")).hasSize(2);
        String next = first.at("/volumes_links/0/href").asText();
        assertThat(first.at("/volumes_links/0/rel").asText()).isEqualTo("next");
        assertThat(next).contains("limit=2", "marker=" + first.at("/volumes/1/id").asText());

        URI link = URI.create(next);
        JsonNode second = JSON.readTree(cloud.call("GET", link.getRawPath() + "?" + link.getRawQuery(), token, null)
                .body());
        assertThat(second.path("volumes")).hasSize(1);
        assertThat(second.has("volumes_links")).as("a short page is the last").isFalse();
        List<String> listed = new ArrayList<>();
        first.path("volumes").forEach(volume -> listed.add(volume.path("id").asText()));
        second.path("volumes").forEach(volume -> listed.add(volume.path("id").asText()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(made);
    }
}
