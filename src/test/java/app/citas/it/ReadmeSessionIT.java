package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.stack.StackExtension;
import app.citas.stack.TestStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's curl session, extracted from README.md and run with {@code bash -e -o pipefail} against the test
 * Tomcat, exactly as written but for the base URL. The first run finds no "Hair" category and creates it (as on
 * an empty database); the second finds it (as on the demo data, which has one) and also meets its own staff
 * account and customer from the first run. Both exit 0 and both services land in the "Hair" category.
 */
@ExtendWith(StackExtension.class)
class ReadmeSessionIT {
    private static final String README_API = "API=http://localhost:8080/citas/api/v1";

    @Test
    void theCurlSessionRunsAsWrittenOnAFreshAndOnAFilledCatalog(TestStack stack) throws Exception {
        String session = session();
        assertTrue(session.contains(README_API), "the session sets API to the default address");
        String script = session.replace(README_API, "API=" + stack.baseUrl());

        Run first = run(stack, script);
        assertEquals(0, first.exitCode(), first.output());
        assertEquals(1, count(stack, "select count(*) from categories where lower(name) = 'hair'"), first.output());
        Run second = run(stack, script);
        assertEquals(0, second.exitCode(), second.output());
        assertTrue(second.output().contains("ana exists already"), second.output());

        assertEquals(1, count(stack, "select count(*) from categories where lower(name) = 'hair'"));
        assertEquals(2, count(stack, """
                select count(*) from services s join categories c on c.id = s.category_id
                where s.name = 'Haircut' and c.name = 'Hair'
                  and exists (select 1 from resource_services rs join resources r on r.id = rs.resource_id
                              where rs.service_id = s.id and r.name = 'Lucia')"""),
                "each run's service is in the Hair category and offered by its resource");
        assertEquals(0, count(stack, "select count(*) from services where name = 'Haircut' and category_id is null"));
        assertEquals(2, count(stack, """
                select count(*) from appointments a join users u on u.id = a.customer_id
                where u.username = 'maria' and a.status = 'CANCELLED' and a.cancel_reason = 'Cannot make it'"""),
                "each run booked and cancelled");
    }

    /** The first bash block after the "Try it: a curl session" heading. */
    private static String session() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int heading = readme.indexOf("## Try it: a curl session");
        assertTrue(heading >= 0, "README.md has the curl session");
        int start = readme.indexOf("```bash\n", heading) + "```bash\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(TestStack stack, String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script)
                .redirectErrorStream(true);
        builder.environment().putAll(stack.environment());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the session finished");
        return new Run(process.exitValue(), output);
    }

    private static long count(TestStack stack, String sql) throws Exception {
        try (Connection db = stack.jdbc(); Statement s = db.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
