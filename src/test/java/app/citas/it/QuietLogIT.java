package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Api;
import app.citas.stack.StackExtension;
import app.citas.stack.TestStack;
import app.citas.testing.Fixtures;
import app.citas.testing.Fixtures.Bookable;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A normal day logs nothing that reads as an error: after ordinary traffic and every expected refusal (a taken slot's
 * 409, validation's 400, a wrong password's 401, staff-only 403, an unknown id's 404, a second cancel's 409), the
 * node's console (what journald gets) has no SEVERE, ERROR or WARNING line, and no SQL or stack trace.
 */
@ExtendWith(StackExtension.class)
class QuietLogIT {
    private static final Pattern ALARMING = Pattern.compile("SEVERE|ERROR|WARN|Exception|\\tat |SQL");

    @Test
    void aNormalDayWithExpectedRefusalsLogsNoErrorOrWarning(TestStack stack) throws Exception {
        Api staff = stack.api().as(stack.staffToken("quiet-staff"));
        Fixtures fixtures = new Fixtures(staff);
        String start = stack.tomcatConsole();
        assertTrue(start.contains("Citas started"), "the console is what this test reads");
        int before = start.length();

        Bookable bookable = fixtures.bookable();
        Api api = stack.api();
        String first = Fixtures.unique("quiet-a");
        Api customer = api.as(api.newCustomer(first));
        Api other = api.as(api.newCustomer(Fixtures.unique("quiet-b")));
        String date = LocalDate.now(Fixtures.MADRID).plusDays(4).toString();
        assertEquals(200, api.get("/services?page=1&size=20").status());
        assertEquals(200, api.get("/services/" + bookable.serviceId() + "/availability?date=" + date).status());
        var booked = customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(4, "10:00")));
        assertEquals(201, booked.status(), booked.body());
        long id = booked.json().get("id").asLong();

        assertEquals(409, other.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(4, "10:00"))).status(),
                "the slot is taken");
        assertEquals(409, other.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(4, "10:15"))).status(),
                "it overlaps");
        assertEquals(400, other.post("/appointments", Map.of("serviceId", "x")).status());
        assertEquals(401, api.post("/auth/token", Map.of("username", first, "password", "wrong-password-1")).status());
        assertEquals(401, api.header("Authorization", "Bearer not-a-token").get("/me").status());
        assertEquals(403, customer.post("/categories", Map.of("name", Fixtures.unique("nope"))).status());
        assertEquals(404, api.get("/services/999999999").status());
        assertEquals(409, staff.post("/categories", Map.of("name", staffCategory(fixtures))).status(), "name taken");
        assertEquals(200, customer.get("/appointments").status());
        assertEquals(200, customer.post("/appointments/" + id + "/cancel", Map.of("reason", "busy")).status());
        assertEquals(409, customer.post("/appointments/" + id + "/cancel", Map.of()).status(), "already cancelled");
        assertEquals(204, customer.delete("/auth/token").status());

        String day = stack.tomcatConsole().substring(before);
        List<String> alarming = day.lines().filter(line -> ALARMING.matcher(line).find()).toList();
        assertEquals(List.of(), alarming, day);
    }

    /** A category that exists, so creating it again is the expected 409. */
    private static String staffCategory(Fixtures fixtures) {
        String name = Fixtures.unique("Quiet");
        fixtures.category(name);
        return name;
    }
}
