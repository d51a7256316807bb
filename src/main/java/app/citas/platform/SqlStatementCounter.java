package app.citas.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/** Counts every SQL statement Hibernate prepares; published over JMX so tests and operators can read it. */
public final class SqlStatementCounter implements StatementInspector {
    private final LongAdder statements = new LongAdder();
    /** Set only while {@link #record} runs on that thread; other threads never see it. */
    private final ThreadLocal<List<String>> recording = new ThreadLocal<>();

    @Override
    public String inspect(String sql) {
        statements.increment();
        List<String> sink = recording.get();
        if (sink != null) {
            sink.add(sql);
        }
        return sql;
    }

    public long count() {
        return statements.sum();
    }

    /**
     * Runs the work and returns the SQL text of every statement Hibernate prepared for it on this thread, in
     * order (for tests and diagnostics, e.g. running EXPLAIN on the real generated SQL).
     */
    public List<String> record(Runnable work) {
        List<String> outer = recording.get();
        List<String> sink = new ArrayList<>();
        recording.set(sink);
        try {
            work.run();
        } finally {
            if (outer == null) {
                recording.remove();
            } else {
                outer.addAll(sink);
                recording.set(outer);
            }
        }
        return List.copyOf(sink);
    }
}
