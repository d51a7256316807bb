package app.citas.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A schema of its own in the test PostgreSQL: its JDBC URL (with {@code currentSchema=}) and how to drop it. */
public record TestSchema(String name, String url, String user, String password, Runnable drop) implements AutoCloseable {
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    @Override
    public void close() {
        drop.run();
    }
}
