package app.citas.platform;

import java.util.concurrent.atomic.LongAdder;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/** Counts every SQL statement Hibernate prepares; published over JMX so tests and operators can read it. */
public final class SqlStatementCounter implements StatementInspector {
    private final LongAdder statements = new LongAdder();

    @Override
    public String inspect(String sql) {
        statements.increment();
        return sql;
    }

    public long count() {
        return statements.sum();
    }
}
