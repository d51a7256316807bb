package app.citas.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Operator commands never migrate and fail in one line: create-user.sh against a database that is not migrated says
 * so and changes nothing; against one that cannot be reached it says which and shows no stack trace; after
 * scripts/migrate.sh update it creates the user.
 */
class OperatorCommandsIT {
    private static TestStack.Database database;

    @BeforeAll
    static void emptyDatabase() throws Exception {
        database = TestStack.database();
    }

    @AfterAll
    static void dropIt() throws Exception {
        database.cleanup().close();
    }

    @Test
    void createUserRefusesAnUnmigratedDatabaseThenWorksOnceMigrated() throws Exception {
        Result refused = run(environment(database.url()), "scripts/create-user.sh", "--staff", "op-ana", "ana@x.example");
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("is not migrated") && refused.output().contains("scripts/migrate.sh update"),
                refused.output());
        assertOneLineWithoutTrace(refused.output());
        assertEquals(List.of(), tables(), "create-user.sh changed the schema");

        Result migrated = run(environment(database.url()), "scripts/migrate.sh", "update");
        assertEquals(0, migrated.exitCode(), migrated.output());
        Result created = run(environment(database.url()), "scripts/create-user.sh", "--staff", "op-ana", "ana@x.example");
        assertEquals(0, created.exitCode(), created.output());
        assertTrue(created.output().contains("Created STAFF user op-ana"), created.output());
    }

    @Test
    void anUnreachableDatabaseIsOneLine() throws Exception {
        String nowhere = "jdbc:postgresql://127.0.0.1:" + FreePorts.pick() + "/citas";
        Result result = run(environment(nowhere), "scripts/create-user.sh", "op-bea", "bea@x.example");
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("cannot reach the database at " + nowhere), result.output());
        assertOneLineWithoutTrace(result.output());
    }

    private static Map<String, String> environment(String url) {
        return Map.of("CITAS_DB_URL", url, "CITAS_DB_USER", database.user(), "CITAS_DB_PASSWORD", database.password(),
                "CITAS_DB_CONNECTION_TIMEOUT_MS", "1000");
    }

    private static void assertOneLineWithoutTrace(String output) {
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        assertEquals(1, lines.size(), output);
        assertFalse(output.contains("Exception") || output.contains("\tat "), output);
    }

    private static List<String> tables() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             ResultSet rows = connection.createStatement().executeQuery(
                     "select table_name from information_schema.tables where table_schema = current_schema()")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("bash"));
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().write("op-password-1\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }
}
