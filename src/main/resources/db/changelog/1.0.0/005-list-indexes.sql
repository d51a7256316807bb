--liquibase formatted sql

--changeset citas:list-indexes
--comment: GET /categories sorts by name, id; the only name index is the unique one on lower(name), which cannot serve that order.
CREATE INDEX categories_name_idx ON categories (name, id);
--rollback DROP INDEX categories_name_idx;
