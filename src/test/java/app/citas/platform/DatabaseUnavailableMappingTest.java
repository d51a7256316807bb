package app.citas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way PostgreSQL can be out of reach is an honest 503 with Retry-After, never a 500. */
class DatabaseUnavailableMappingTest {
    private final ExceptionMappers.AnyMapper mapper = new ExceptionMappers.AnyMapper(new ConstraintTranslations());

    @ParameterizedTest
    @ValueSource(strings = {"08001", "08006", "57P01", "57P03", "57014", "53300"})
    void aServerThatCannotServeIs503(String sqlState) {
        Response response = mapper.toResponse(new JDBCConnectionException("no database",
                new SQLException("the database system is starting up", sqlState)));
        assertEquals(503, response.getStatus());
        assertEquals(String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS), response.getHeaderString("Retry-After"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"57P03", "XX000"})
    void aPoolTimeoutIs503WhateverItsLastCauseSaid(String causeState) {
        // Hikari's timeout carries the last connection failure as its cause: the timeout itself decides.
        SQLTransientConnectionException timeout = new SQLTransientConnectionException("Connection is not available",
                "08001", new SQLException("cause", causeState));
        assertEquals(503, mapper.toResponse(new JDBCConnectionException("timeout", timeout)).getStatus());
    }
}
