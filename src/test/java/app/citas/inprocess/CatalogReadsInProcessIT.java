package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import app.citas.dev.Reply;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import app.citas.testing.Fixtures;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The catalog reads answered in front of Jersey (the filter "citas-catalog-reads") against Jersey's own answers to
 * the same requests, through the same application: status, body and headers alike, for the reads the filter takes
 * and for those it leaves to Jersey.
 */
class CatalogReadsInProcessIT {
    /** Counts the requests that reach Jersey. */
    private static final JerseyRequests JERSEY = new JerseyRequests();
    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension(Map.of(), List.of(JERSEY));
    private static final List<String> COMPARED_HEADERS = List.of("Content-Type", "ETag", "Cache-Control",
            "Content-Security-Policy", "Content-Language", "Vary", "Location", "Allow", "Retry-After",
            "X-Content-Type-Options", "X-Frame-Options");
    private static long service;
    private static long resource;
    private static long category;

    @BeforeAll
    static void catalog() {
        Fixtures catalog = new Fixtures(CITAS.staff());
        category = catalog.category(CitasExtension.unique("Hair"));
        resource = catalog.resource(CitasExtension.unique("Lucia"), "STAFF");
        service = catalog.service(CitasExtension.unique("Cut"), 45, "19.50", category, List.of(resource));
    }

    @Test
    void plainReadsDoNotReachJersey() {
        long before = JERSEY.count.sum();
        for (String path : List.of("/services?page=1&size=20", "/services/" + service, "/resources?size=20",
                "/resources/" + resource, "/categories")) {
            assertEquals(200, CITAS.api().get(path).status(), path);
        }
        assertEquals(404, CITAS.api().get("/services/999999999").status());
        assertEquals(400, CITAS.api().get("/services?size=0").status());
        assertEquals(before, JERSEY.count.sum(), "answered in front of Jersey, refusals too");
        assertEquals(200, CITAS.api().get("/services?q=hair+cut").status());
        assertEquals(before + 1, JERSEY.count.sum(), "a parameter to decode is Jersey's");
    }

    @Test
    void refusesInTheCallersLanguageAsJerseyDoes() {
        for (String language : List.of("es", "en", "fr;q=0.5, es-MX")) {
            for (String path : List.of("/services/999999999", "/resources/999999999", "/services?size=0",
                    "/resources?kind=ROBOT", "/categories?page=0")) {
                compare(CITAS.api().header("Accept-Language", language),
                        CITAS.apiWithout("citas-catalog-reads").header("Accept-Language", language), path);
            }
        }
    }

    @Test
    void answersAsJerseyDoes() {
        for (String path : List.of("/services", "/services?page=1&size=20", "/services?sort=price_desc&size=5",
                "/services?category=" + category, "/services?active=false", "/services/" + service,
                "/resources", "/resources?size=20", "/resources?kind=STAFF&serviceId=" + service,
                "/resources/" + resource, "/categories", "/categories?page=2&size=1",
                // Errors and what the filter leaves to Jersey: the same answers.
                "/services/999999999", "/services/0", "/services/12x", "/services/99999999999999999999",
                "/services?size=0", "/services?size=abc", "/services?sort=nope", "/services?category=-1",
                "/services?q=hair+cut", "/services?q=a%20b", "/services?page=1&page=2", "/resources?kind=ROBOT",
                "/resources/", "/services/" + service + "/availability?date=2030-01-07")) {
            compare(CITAS.api(), CITAS.apiWithout("citas-catalog-reads"), path);
        }
    }

    @Test
    void leavesPreconditionsOtherAcceptsAndBadTokensToJersey() {
        String etag = CITAS.api().get("/services/" + service).header("ETag");
        assertNotNull(etag);
        Api lane = CITAS.api();
        Api jersey = CITAS.apiWithout("citas-catalog-reads");
        compare(lane.header("If-None-Match", etag), jersey.header("If-None-Match", etag), "/services/" + service);
        compare(lane.header("Accept", "text/html"), jersey.header("Accept", "text/html"), "/services");
        compare(lane.header("Accept", "application/json"), jersey.header("Accept", "application/json"), "/services");
        compare(lane.as("not-a-token"), jersey.as("not-a-token"), "/services");
        String token = CITAS.staffToken(CitasExtension.unique("staff"));
        compare(lane.as(token), jersey.as(token), "/services?size=3");
        assertEquals(304, lane.header("If-None-Match", etag).get("/services/" + service).status());
    }

    @PreMatching
    private static final class JerseyRequests implements ContainerRequestFilter {
        final LongAdder count = new LongAdder();

        @Override
        public void filter(ContainerRequestContext request) {
            count.increment();
        }
    }

    private static void compare(Api lane, Api jersey, String path) {
        Reply expected = jersey.get(path);
        Reply actual = lane.get(path);
        assertEquals(expected.status(), actual.status(), path);
        assertEquals(expected.body(), actual.body(), path);
        for (String header : COMPARED_HEADERS) {
            assertEquals(expected.header(header), actual.header(header), path + " " + header);
        }
    }
}
