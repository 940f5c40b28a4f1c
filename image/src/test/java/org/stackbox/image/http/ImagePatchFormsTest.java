package org.stackbox.image.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.stackbox.image.PatchOperation;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Glance's two patch media types: the current JSON patch, and the older draft-4 form that names the op by its key. */
class ImagePatchFormsTest {
    private static final String CURRENT = "application/openstack-images-v2.1-json-patch";
    private static final String OLDER = "application/openstack-images-v2.0-json-patch";

    @Test
    void bothFormsMakeTheSameOperations() {
        List<PatchOperation> current = ImageRequests.patch(CURRENT, ("[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"x\"},"
                + " {\"op\": \"remove\", \"path\": \"/role\"}]").getBytes(StandardCharsets.UTF_8));
        List<PatchOperation> older = ImageRequests.patch(OLDER, ("[{\"replace\": \"/name\", \"value\": \"x\"},"
                + " {\"remove\": \"/role\"}]").getBytes(StandardCharsets.UTF_8));
        assertThat(older).isEqualTo(current);
    }

    @Test
    void aVisibilityChangeNeedsItsRuleInEitherForm() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(VisibilityRules.ofPatch(json.readTree("[{\"replace\": \"/visibility\", \"value\": \"public\"}]")))
                .containsExactly("publicize_image");
        assertThat(VisibilityRules.ofPatch(json.readTree("[{\"op\": \"replace\", \"path\": \"/visibility\", \"value\": \"public\"}]")))
                .containsExactly("publicize_image");
    }
}
