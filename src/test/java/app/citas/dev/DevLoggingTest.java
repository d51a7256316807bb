package app.citas.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

class DevLoggingTest {

    @Test
    void anEmbeddedServersLineIsOneLogLineWithoutTheInferredCaller() {
        DevLogging.oneLine();
        LogRecord record = new LogRecord(Level.INFO, "2026-12-02 03:03:08.377 UTC [18061] LOG:  database system is ready");
        record.setLoggerName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres");
        record.setSourceClassName("java.util.Iterator");
        record.setSourceMethodName("forEachRemaining");

        String line = new SimpleFormatter().format(record);

        assertEquals(1, line.lines().count(), line);
        assertFalse(line.contains("forEachRemaining"), line);
        assertTrue(line.contains("INFO [io.zonky.test.db.postgres.embedded.EmbeddedPostgres] 2026-12-02"), line);
    }
}
