package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import app.citas.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The catalog against the database (its cache switched off, so every read is the database's answer). */
class CatalogInProcessIT {
    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension(Map.of("CITAS_CACHE_ENABLED", "false"));
    private static Api staff;
    private static Fixtures catalog;

    @BeforeAll
    static void staff() {
        staff = CITAS.staff();
        catalog = new Fixtures(staff);
    }

    static List<Long> ids(Reply reply) {
        assertEquals(200, reply.status(), reply.body());
        List<Long> ids = new ArrayList<>();
        reply.json().get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    @Test
    void createsUpdatesAndDeactivatesAService() {
        long category = catalog.category(CitasExtension.unique("Hair"));
        long resource = catalog.resource(CitasExtension.unique("Lucia"), "STAFF");
        Reply created = staff.post("/services", Fixtures.serviceBody(CitasExtension.unique("Cut"), 45, "19.5", category,
                List.of(resource)));
        assertEquals(201, created.status(), created.body());
        long id = created.json().get("id").asLong();
        assertTrue(created.header("Location").endsWith("/services/" + id), created.headers().toString());
        assertEquals(1, CITAS.number("select count(*) from services where id = ? and price = 19.50 and active", id));
        JsonNode service = CITAS.api().get("/services/" + id).json();
        assertEquals("19.50", service.get("price").asText());
        assertEquals(category, service.get("category").get("id").asLong());
        assertEquals(resource, service.get("resources").get(0).get("id").asLong());
        assertEquals(id, CITAS.api().get("/resources/" + resource).json().get("services").get(0).get("id").asLong(),
                "links are visible from both sides");

        Reply updated = staff.put("/services/" + id, Fixtures.serviceBody("Renamed " + id, 60, "30.00", null, List.of()));
        assertEquals(200, updated.status(), updated.body());
        assertEquals(60, updated.json().get("durationMinutes").asInt());
        assertTrue(updated.json().get("category").isNull());
        assertEquals(0, updated.json().get("resources").size());
        assertEquals(1, CITAS.number("select count(*) from services where id = ? and duration_minutes = 60 "
                + "and category_id is null", id));

        assertEquals(204, staff.delete("/services/" + id).status());
        assertFalse(CITAS.api().get("/services/" + id).json().get("active").asBoolean());
        assertEquals(1, CITAS.number("select count(*) from services where id = ? and not active", id),
                "deactivated, not deleted");
        assertFalse(ids(CITAS.api().get("/services?size=100&q=Renamed%20" + id)).contains(id));
        assertTrue(ids(CITAS.api().get("/services?size=100&active=false&q=renamed%20" + id)).contains(id));
    }

    @Test
    void listsFilterSortAndPage() {
        String tag = CitasExtension.unique("Zq");
        long category = catalog.category(tag);
        long room = catalog.resource(tag + " Room", "ROOM");
        long alpha = catalog.service(tag + " Alpha", 90, "50.00", category, List.of(room));
        long beta = catalog.service(tag + " beta", 30, "10.00", category, List.of());
        long gamma = catalog.service(tag + " Gamma", 60, "30.00", category, List.of(room));

        assertEquals(List.of(alpha, beta, gamma), ids(CITAS.api().get("/services?category=" + category + "&sort=name")));
        assertEquals(List.of(beta, gamma, alpha), ids(CITAS.api().get("/services?category=" + category + "&sort=price")));
        assertEquals(List.of(alpha, gamma, beta),
                ids(CITAS.api().get("/services?category=" + category + "&sort=-durationMinutes")));
        assertEquals(List.of(beta), ids(CITAS.api().get("/services?q=" + tag.toUpperCase() + "%20BETA")));
        Reply page2 = CITAS.api().get("/services?category=" + category + "&size=2&page=2");
        assertEquals(1, ids(page2).size());
        assertEquals(3, page2.json().get("total").asLong());
        assertEquals(List.of(room), ids(CITAS.api().get("/resources?kind=ROOM&q=" + tag)));
        assertEquals(List.of(room), ids(CITAS.api().get("/resources?serviceId=" + alpha)));
        assertEquals(List.of(), ids(CITAS.api().get("/resources?serviceId=" + beta)));
        assertEquals(14, CITAS.api().get("/resources/" + room).json().get("workingHours").size());
    }

    @Test
    void missingThingsAre404() {
        for (String path : List.of("/services/999999999", "/resources/999999999", "/services/abc")) {
            Reply reply = CITAS.api().get(path);
            assertEquals(404, reply.status(), path + " " + reply.body());
            assertEquals("application/problem+json", reply.contentType(), path);
        }
        assertEquals(404, staff.put("/categories/999999999", Map.of("name", "Nothing")).status());
        assertEquals(404, staff.delete("/categories/999999999").status());
        assertEquals(404, staff.put("/services/999999999", Fixtures.serviceBody("X", 30, "1.00", null, List.of())).status());
    }

    @Test
    void categoriesInUseCannotBeDeletedAndNamesAreUnique() {
        long used = catalog.category(CitasExtension.unique("Nails"));
        catalog.service(CitasExtension.unique("Manicure"), 30, "15.00", used, List.of());
        Reply inUse = staff.delete("/categories/" + used);
        assertEquals(409, inUse.status(), inUse.body());
        assertEquals(1, CITAS.number("select count(*) from categories where id = ?", used));
        long unused = catalog.category(CitasExtension.unique("Spare"));
        assertEquals(204, staff.delete("/categories/" + unused).status());
        assertEquals(0, CITAS.number("select count(*) from categories where id = ?", unused));
        assertEquals(404, staff.delete("/categories/" + unused).status());
        String name = CitasExtension.unique("Dup");
        catalog.category(name);
        assertEquals(409, staff.post("/categories", Map.of("name", name.toUpperCase())).status());
        assertEquals(1, CITAS.number("select count(*) from categories where lower(name) = lower(?)", name));
    }

    @Test
    void writesNeedStaffAndRefusedWritesChangeNothing() {
        long before = CITAS.number("select count(*) from services");
        Map<String, Object> body = Fixtures.serviceBody("X", 30, "1.00", null, List.of());
        assertEquals(401, CITAS.api().post("/services", body).status());
        assertEquals(403, CITAS.customer().post("/services", body).status());
        assertEquals(400, staff.post("/services", Fixtures.serviceBody("Bad", 4, "1.00", null, List.of())).status());
        Reply unknownCategory = staff.post("/services", Fixtures.serviceBody("Bad", 30, "1.00", 987654321L, List.of()));
        assertEquals(422, unknownCategory.status(), unknownCategory.body());
        assertEquals("categoryId", unknownCategory.json().get("errors").get(0).get("field").asText());
        assertEquals(422, staff.post("/services", Fixtures.serviceBody("Bad", 30, "1.00", null, List.of(987654321L)))
                .status(), "an unknown resource");
        assertEquals(before, CITAS.number("select count(*) from services"));
    }
}
