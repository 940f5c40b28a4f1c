-- What Cinder keeps in a volume's admin metadata: the read-only flag ("readonly": "True"/"False") that
-- os-update_readonly_flag sets and that a first attachment records as "False" when it was never set.
ALTER TABLE volumes ADD COLUMN admin_metadata TEXT NOT NULL DEFAULT '{}';
