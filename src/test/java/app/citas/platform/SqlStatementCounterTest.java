package app.citas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlStatementCounterTest {
    @Test
    void countsEveryStatementAndRecordsOnlyInsideRecord() throws Exception {
        SqlStatementCounter counter = new SqlStatementCounter();
        counter.inspect("select 0");
        List<String> recorded = counter.record(() -> {
            counter.inspect("select 1");
            List<String> inner = counter.record(() -> counter.inspect("select 2"));
            assertEquals(List.of("select 2"), inner);
        });
        assertEquals(List.of("select 1", "select 2"), recorded);
        Thread other = new Thread(() -> counter.inspect("select 3"));
        other.start();
        other.join();
        assertEquals(4, counter.count());
        assertEquals(List.of(), counter.record(() -> { }));
    }
}
