--liquibase formatted sql

--changeset citas:date-overrides
--comment: The catalog's special hours of a resource on one local date: the periods (a JSON array of {start, end}, local times as in working_hours) replace the weekly hours of that date; an empty array closes the day.
CREATE TABLE date_overrides (
    resource_id bigint NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    day         date   NOT NULL,
    periods     jsonb  NOT NULL DEFAULT '[]',
    PRIMARY KEY (resource_id, day)
);
--rollback DROP TABLE date_overrides;
