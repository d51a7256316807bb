package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Api;
import app.citas.dev.Reply;
import app.citas.stack.StackExtension;
import app.citas.stack.TestStack;
import app.citas.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StackExtension.class)
class CatalogIT {
    private Api staff;
    private Fixtures fixtures;

    @BeforeEach
    void setUp(TestStack stack) {
        staff = stack.api().as(stack.staffToken("catalog-staff"));
        fixtures = new Fixtures(staff);
    }

    @Test
    void staffCreatesReadsUpdatesAndDeactivatesServices(TestStack stack) {
        long category = fixtures.category(Fixtures.unique("Hair"));
        long resource = fixtures.resource(Fixtures.unique("Lucia"), "STAFF");
        Reply created = staff.post("/services", Fixtures.serviceBody(Fixtures.unique("Cut"), 45, "19.5", category,
                List.of(resource)));
        assertEquals(201, created.status(), created.body());
        long id = created.json().get("id").asLong();
        assertTrue(created.header("Location").endsWith("/citas/api/v1/services/" + id), created.header("Location"));
        JsonNode service = stack.api().get("/services/" + id).json();
        assertEquals("19.50", service.get("price").asText());
        assertTrue(service.get("price").isTextual(), "money is a decimal string");
        assertEquals("EUR", service.get("currency").asText());
        assertEquals(category, service.get("category").get("id").asLong());
        assertEquals(resource, service.get("resources").get(0).get("id").asLong());
        assertEquals("STAFF", service.get("resources").get(0).get("kind").asText());
        JsonNode offered = stack.api().get("/resources/" + resource).json();
        assertEquals(id, offered.get("services").get(0).get("id").asLong(), "links are visible from both sides");

        Map<String, Object> update = Fixtures.serviceBody("Renamed " + id, 60, "30.00", null, List.of());
        Reply updated = staff.put("/services/" + id, update);
        assertEquals(200, updated.status(), updated.body());
        assertEquals(60, updated.json().get("durationMinutes").asInt());
        assertTrue(updated.json().get("category").isNull());
        assertEquals(0, updated.json().get("resources").size());

        assertEquals(204, staff.delete("/services/" + id).status());
        JsonNode deactivated = stack.api().get("/services/" + id).json();
        assertFalse(deactivated.get("active").asBoolean());
        assertFalse(ids(stack.api().get("/services?size=100&q=Renamed%20" + id)).contains(id));
        assertTrue(ids(stack.api().get("/services?size=100&active=false&q=renamed%20" + id)).contains(id));
        assertEquals(404, stack.api().get("/services/999999999").status());
    }

    @Test
    void writesNeedStaff(TestStack stack) {
        Map<String, Object> body = Fixtures.serviceBody("X", 30, "1.00", null, List.of());
        Reply anonymous = stack.api().post("/services", body);
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.header("WWW-Authenticate").startsWith("Bearer"));
        Api user = stack.api().as(stack.api().newCustomer(Fixtures.unique("cust")));
        assertEquals(403, user.post("/services", body).status());
        assertEquals(403, user.post("/categories", Map.of("name", "X")).status());
        assertEquals(403, user.post("/resources", Map.of("name", "X")).status());
        assertEquals(403, user.delete("/services/1").status());
        assertEquals(403, user.put("/resources/1", Map.of("name", "X")).status());
    }

    @Test
    void invalidCatalogWritesAreRefusedAndChangeNothing(TestStack stack) {
        long before = total(stack.api().get("/services?active=false&size=1"))
                + total(stack.api().get("/services?size=1"));
        assertEquals(400, staff.post("/services", Fixtures.serviceBody("Bad", 4, "1.00", null, List.of())).status());
        assertEquals(400, staff.post("/services", Fixtures.serviceBody("Bad", 481, "1.00", null, List.of())).status());
        assertEquals(400, staff.post("/services", Fixtures.serviceBody("Bad", 30, "-1.00", null, List.of())).status());
        assertEquals(400, staff.post("/services", Fixtures.serviceBody("Bad", 30, "1.001", null, List.of())).status());
        Map<String, Object> badCurrency = Fixtures.serviceBody("Bad", 30, "1.00", null, List.of());
        badCurrency.put("currency", "XYZ");
        assertEquals(400, staff.post("/services", badCurrency).status());
        Reply unknownCategory = staff.post("/services", Fixtures.serviceBody("Bad", 30, "1.00", 987654321L, List.of()));
        assertEquals(422, unknownCategory.status());
        assertEquals("categoryId", unknownCategory.json().get("errors").get(0).get("field").asText());
        assertEquals(422, staff.post("/services", Fixtures.serviceBody("Bad", 30, "1.00", null, List.of(987654321L))).status());
        Map<String, Object> massAssignment = Fixtures.serviceBody("Bad", 30, "1.00", null, List.of());
        massAssignment.put("id", 1);
        assertEquals(400, staff.post("/services", massAssignment).status());
        long after = total(stack.api().get("/services?active=false&size=1")) + total(stack.api().get("/services?size=1"));
        assertEquals(before, after);

        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("name", "Bad");
        resource.put("kind", "ROBOT");
        resource.put("timezone", "Europe/Madrid");
        assertEquals(400, staff.post("/resources", resource).status(), "unknown enum value");
        resource.put("kind", "ROOM");
        resource.put("timezone", "Mars/Olympus");
        Reply zone = staff.post("/resources", resource);
        assertEquals(400, zone.status());
        assertEquals("timezone", zone.json().get("errors").get(0).get("field").asText());
        resource.put("timezone", "Europe/Madrid");
        resource.put("workingHours", List.of(Map.of("weekday", 1, "start", "09:00", "end", "13:00"),
                Map.of("weekday", 1, "start", "12:00", "end", "14:00")));
        assertEquals(400, staff.post("/resources", resource).status(), "overlapping working hours");
        resource.put("workingHours", List.of(Map.of("weekday", 8, "start", "09:00", "end", "13:00")));
        assertEquals(400, staff.post("/resources", resource).status(), "weekday 8");
        resource.put("workingHours", List.of(Map.of("weekday", 1, "start", "13:00", "end", "09:00")));
        assertEquals(400, staff.post("/resources", resource).status(), "end before start");
        resource.put("workingHours", List.of(Map.of("weekday", 1, "start", "9am", "end", "13:00")));
        assertEquals(400, staff.post("/resources", resource).status(), "bad time format");
    }

    @Test
    void categoriesInUseCannotBeDeleted(TestStack stack) {
        long used = fixtures.category(Fixtures.unique("Nails"));
        fixtures.service(Fixtures.unique("Manicure"), 30, "15.00", used, List.of());
        assertEquals(409, staff.delete("/categories/" + used).status());
        long unused = fixtures.category(Fixtures.unique("Spare"));
        assertEquals(204, staff.delete("/categories/" + unused).status());
        assertEquals(404, staff.delete("/categories/" + unused).status());
        String name = Fixtures.unique("Dup");
        fixtures.category(name);
        assertEquals(409, staff.post("/categories", Map.of("name", name.toUpperCase())).status());
        Reply renamed = staff.put("/categories/" + used, Map.of("name", Fixtures.unique("Nails2")));
        assertEquals(200, renamed.status());
        Reply list = stack.api().get("/categories?size=100");
        assertEquals(200, list.status());
        assertTrue(list.json().get("total").asLong() >= 2);
    }

    @Test
    void listsFilterSortAndPage(TestStack stack) {
        String tag = Fixtures.unique("Zq");
        long category = fixtures.category(tag);
        long room = fixtures.resource(tag + " Room", "ROOM");
        List<Long> created = new ArrayList<>();
        created.add(fixtures.service(tag + " Alpha", 90, "50.00", category, List.of(room)));
        created.add(fixtures.service(tag + " beta", 30, "10.00", category, List.of()));
        created.add(fixtures.service(tag + " Gamma", 60, "30.00", category, List.of(room)));

        Reply byName = stack.api().get("/services?category=" + category + "&sort=name");
        assertEquals(created, ids(byName));
        assertEquals(3, total(byName));
        assertEquals(List.of(created.get(1), created.get(2), created.get(0)),
                ids(stack.api().get("/services?category=" + category + "&sort=price")));
        assertEquals(List.of(created.get(0), created.get(2), created.get(1)),
                ids(stack.api().get("/services?category=" + category + "&sort=-durationMinutes")));
        assertEquals(List.of(created.get(1)), ids(stack.api().get("/services?q=" + tag.toUpperCase() + "%20BETA")));

        Reply page2 = stack.api().get("/services?category=" + category + "&size=2&page=2");
        assertEquals(List.of(created.get(0)).size(), ids(page2).size());
        assertEquals(2, page2.json().get("page").asInt());
        assertEquals(2, page2.json().get("size").asInt());
        Reply pastEnd = stack.api().get("/services?category=" + category + "&page=50");
        assertEquals(200, pastEnd.status());
        assertEquals(0, pastEnd.json().get("items").size());
        assertEquals(3, total(pastEnd));

        assertEquals(List.of(room), ids(stack.api().get("/resources?kind=ROOM&q=" + tag)));
        assertEquals(List.of(room), ids(stack.api().get("/resources?serviceId=" + created.get(0))));
        assertEquals(List.of(), ids(stack.api().get("/resources?serviceId=" + created.get(1))));
        JsonNode resource = stack.api().get("/resources/" + room).json();
        assertEquals(14, resource.get("workingHours").size());
        assertEquals("09:00", resource.get("workingHours").get(0).get("start").asText());
        assertEquals("Europe/Madrid", resource.get("timezone").asText());
    }

    @Test
    void badQueryParametersAre400(TestStack stack) {
        for (String query : List.of("page=0", "page=-1", "size=0", "size=101", "size=abc", "page=1.5", "sort=cost",
                "active=maybe", "category=x", "category=0")) {
            Reply reply = stack.api().get("/services?" + query);
            assertEquals(400, reply.status(), query);
            assertEquals("application/problem+json", reply.contentType(), query);
        }
        assertEquals(400, stack.api().get("/resources?kind=ROBOT").status());
        assertEquals(400, stack.api().get("/resources?serviceId=abc").status());
        assertEquals(200, stack.api().get("/services?size=100").status());
    }

    static List<Long> ids(Reply reply) {
        assertEquals(200, reply.status(), reply.body());
        List<Long> ids = new ArrayList<>();
        reply.json().get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    static long total(Reply reply) {
        return reply.json().get("total").asLong();
    }
}
