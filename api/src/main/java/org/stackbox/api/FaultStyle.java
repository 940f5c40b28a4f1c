package org.stackbox.api;

import org.stackbox.common.ErrorCode;

import java.util.LinkedHashMap;
import java.util.Map;

/** The two shapes of OpenStack error bodies: Keystone's and everyone else's. */
public enum FaultStyle {
    /** {@code {"error": {"code": 404, "message": "...", "title": "Not Found"}}} */
    KEYSTONE {
        @Override
        public Map<String, Object> body(ErrorCode code, String message) {
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
        public Map<String, Object> body(ErrorCode code, String message) {
            Map<String, Object> fault = new LinkedHashMap<>();
            fault.put("code", code.status());
            fault.put("message", message);
            return Map.of(code.faultName(), fault);
        }
    };

    public abstract Map<String, Object> body(ErrorCode code, String message);
}
