--liquibase formatted sql

--changeset citas:extensions
--comment: btree_gist lets one exclusion constraint mix "=" on ids with "&&" on time ranges; pg_trgm indexes name searches. Both go to the public schema so dropping an application schema never drops them (and with them every index that uses them).
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
--rollback SELECT 1; -- extensions may be shared with other schemas; they are left in place
