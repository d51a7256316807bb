package app.citas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pool's side of a database failover: a multi-host URL reaches HikariCP as written, idle connections are checked
 * often, the driver gives up on a silent socket soon after the statement timeout and asks a standby again soon.
 */
class DatabaseConfigTest {
    private static HikariConfig config(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return Database.hikariConfig(SettingsReader.read(env::get, DatabaseSettings::read), "citas-test-db");
    }

    @Test
    void multiHostUrlIsHandedToTheDriverAsWritten() {
        String url = "jdbc:postgresql://pg1.example:5432,pg2.example:5433/citas?targetServerType=primary";
        assertEquals(url, config(DatabaseSettings.URL, url).getJdbcUrl());
    }

    @Test
    void failoverDefaults() {
        HikariConfig hikari = config(DatabaseSettings.URL, "jdbc:postgresql://pg1:5432,pg2:5432/citas",
                DatabaseSettings.STATEMENT_TIMEOUT_MS, "5000", DatabaseSettings.CONNECTION_TIMEOUT_MS, "2000");

        assertEquals(30_000, hikari.getKeepaliveTime());
        assertTrue(hikari.getMaxLifetime() > hikari.getKeepaliveTime(), "keepalive below the maximum lifetime");
        assertEquals(1000, hikari.getValidationTimeout());
        assertEquals(10L, hikari.getDataSourceProperties().get("socketTimeout"), "5 s statement timeout + 5 s");
        assertEquals(true, hikari.getDataSourceProperties().get("tcpKeepAlive"));
        assertEquals(2L, hikari.getDataSourceProperties().get("hostRecheckSeconds"));
        assertEquals(2L, hikari.getDataSourceProperties().get("connectTimeout"));
    }

    @Test
    void socketTimeoutFollowsTheStatementTimeoutRoundedUp() {
        HikariConfig hikari = config(DatabaseSettings.URL, "jdbc:postgresql://pg1:5432/citas",
                DatabaseSettings.STATEMENT_TIMEOUT_MS, "100");
        assertEquals(6L, hikari.getDataSourceProperties().get("socketTimeout"));
        assertEquals(65L, config(DatabaseSettings.URL, "jdbc:postgresql://pg1:5432/citas",
                DatabaseSettings.STATEMENT_TIMEOUT_MS, "60000").getDataSourceProperties().get("socketTimeout"));
    }
}
