--liquibase formatted sql

--changeset citas:extensions
--comment: btree_gist lets one exclusion constraint mix "=" on ids with "&&" on time ranges; pg_trgm indexes name searches.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--rollback SELECT 1; -- extensions may be shared with other schemas; they are left in place
