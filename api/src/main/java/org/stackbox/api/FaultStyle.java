package org.stackbox.api;


import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The shapes of OpenStack error bodies: Keystone's, Neutron's and everyone else's. */
public enum FaultStyle {
    /** {@code {"error": {"code": 404, "message": "...", "title": "Not Found"}}} */
    KEYSTONE {
        @Override
        public Map<String, Object> body(HttpFault code, String message) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", code.status());
            error.put("message", message);
            error.put("title", code.title());
            return Map.of("error", error);
        }
    },
    /** {@code {"itemNotFound": {"code": 404, "message": "..."}}}, as Nova, Cinder and the others answer. */
    OPENSTACK {
        @Override
        public Map<String, Object> body(HttpFault code, String message) {
            Map<String, Object> fault = new LinkedHashMap<>();
            fault.put("code", code.status());
            fault.put("message", message);
            return Map.of(code.faultName(), fault);
        }
    },
    /**
     * {@code {"NeutronError": {"type": "NetworkNotFound", "message": "...", "detail": ""}}}; the type is the
     * failure's own, or the name Neutron gives the bare HTTP error ({@code HTTPNotFound} ...).
     */
    NEUTRON {
        @Override
        public Map<String, Object> body(HttpFault code, String message) {
            return body(code, message, Optional.empty());
        }

        @Override
        public Map<String, Object> body(HttpFault code, String message, Optional<String> type) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("type", type.orElseGet(() -> "HTTP" + code.title().replace(" ", "")));
            error.put("message", message);
            error.put("detail", "");
            return Map.of("NeutronError", error);
        }
    };

    public abstract Map<String, Object> body(HttpFault code, String message);

    /** The body for a failure that names its own fault type; styles without types ignore it. */
    public Map<String, Object> body(HttpFault code, String message, Optional<String> type) {
        return body(code, message);
    }
}
