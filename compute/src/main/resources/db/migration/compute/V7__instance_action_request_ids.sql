-- The id of the API request that started an action, which Nova shows as the action's request_id and which clients
-- read from the answer's X-Compute-Request-Id header; actions Stackbox starts itself have none. One request may
-- start actions on several servers (a multiple create), so it is not the row's key.
ALTER TABLE compute_instance_actions ADD COLUMN api_request_id VARCHAR(64);
