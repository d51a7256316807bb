package app.citas.platform;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool as Hibernate sees it, counting the connections Hibernate takes. Connections come with autocommit off and
 * are released at the end of each transaction, so every one taken is one database transaction: the count proves
 * "at most one transaction per request, none for a cached read".
 */
final class TransactionCounter implements DataSource {
    private final DataSource pool;
    private final LongAdder taken = new LongAdder();

    TransactionCounter(DataSource pool) {
        this.pool = pool;
    }

    long count() {
        return taken.sum();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = pool.getConnection();
        taken.increment();
        return connection;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Connection connection = pool.getConnection(username, password);
        taken.increment();
        return connection;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
