package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.stack.StackExtension;
import app.citas.stack.TestStack;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The live OpenAPI document, read by a real validator (swagger-parser) and held to what a client generator needs. */
@ExtendWith(StackExtension.class)
class OpenApiDocumentIT {
    private static OpenAPI api;

    @BeforeAll
    static void parse(TestStack stack) throws Exception {
        Reply reply = stack.api().get("/openapi.json");
        assertEquals(200, reply.status(), reply.body());
        Files.writeString(Path.of(System.getProperty("citas.buildDir", "target"), "openapi.json"), reply.body());
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(reply.body(), null, options);
        assertEquals(List.of(), result.getMessages(), "validation messages");
        api = result.getOpenAPI();
        assertNotNull(api);
    }

    @Test
    void theServerIsThisOriginsApiRootAndTheBearerSchemeIsDeclared() {
        assertEquals("/citas/api/v1", api.getServers().get(0).getUrl());
        SecurityScheme bearer = api.getComponents().getSecuritySchemes().get("bearerAuth");
        assertEquals(SecurityScheme.Type.HTTP, bearer.getType());
        assertEquals("bearer", bearer.getScheme());
    }

    @Test
    void everyOperationDocumentsItsAnswersWithSchemas() {
        List<String> faults = new ArrayList<>();
        forEachOperation((name, operation) -> operation.getResponses().forEach((status, response) -> {
            if ("204".equals(status) || "304".equals(status)) {
                return;
            }
            if (response.getContent() == null || response.getContent().isEmpty()) {
                faults.add(name + " " + status + ": no content");
                return;
            }
            response.getContent().forEach((type, media) -> {
                if (media.getSchema() == null) {
                    faults.add(name + " " + status + " " + type + ": no schema");
                }
            });
            // /health answers 503 with its own report, the one exception.
            boolean error = (status.startsWith("4") || status.startsWith("5")) && !name.equals("GET /health");
            if (error && !response.getContent().containsKey("application/problem+json")) {
                faults.add(name + " " + status + ": not a problem");
            }
            if (error && !"#/components/schemas/Problem".equals(
                    response.getContent().get("application/problem+json").getSchema().get$ref())) {
                faults.add(name + " " + status + ": not the Problem schema");
            }
        }));
        assertEquals(List.of(), faults);
        assertTrue(api.getComponents().getSchemas().get("Problem").getProperties().keySet()
                .containsAll(List.of("type", "title", "status", "detail", "errors")));
    }

    @Test
    void everyRequestBodyHasAnExample() {
        List<String> faults = new ArrayList<>();
        forEachOperation((name, operation) -> {
            if (operation.getRequestBody() == null) {
                return;
            }
            for (Map.Entry<String, MediaType> media : operation.getRequestBody().getContent().entrySet()) {
                MediaType type = media.getValue();
                if (type.getExample() == null && (type.getExamples() == null || type.getExamples().isEmpty())) {
                    faults.add(name + " " + media.getKey());
                }
            }
        });
        assertEquals(List.of(), faults);
    }

    @Test
    void operationsForSignedInCallersNameTheBearerScheme() {
        List<String> faults = new ArrayList<>();
        forEachOperation((name, operation) -> {
            boolean needsToken = operation.getResponses().containsKey("401") && !name.equals("POST /auth/token");
            boolean names = operation.getSecurity() != null
                    && operation.getSecurity().stream().anyMatch(requirement -> requirement.containsKey("bearerAuth"));
            if (needsToken != names) {
                faults.add(name);
            }
        });
        assertEquals(List.of(), faults);
    }

    @Test
    void calendarFeedsAreDescribed() {
        Operation feed = api.getPaths().get("/calendar-feeds/{secret}.ics").getGet();
        assertTrue(feed.getSecurity() == null || feed.getSecurity().isEmpty(), "the secret URL needs no token");
        assertEquals(Set.of("text/calendar"), feed.getResponses().get("200").getContent().keySet());
        assertTrue(feed.getResponses().keySet().containsAll(List.of("200", "304", "404", "429")));
        for (String path : List.of("/me/calendar-feed", "/resources/{id}/calendar-feed")) {
            var item = api.getPaths().get(path);
            assertNotNull(item.getGet(), path);
            assertNotNull(item.getDelete(), path);
            assertEquals("#/components/schemas/CalendarFeedLink",
                    item.getGet().getResponses().get("200").getContent().get("application/json").getSchema().get$ref());
            assertTrue(item.getDelete().getResponses().containsKey("204"), path);
        }
        assertTrue(api.getComponents().getSchemas().get("CalendarFeedLink").getProperties().keySet()
                .containsAll(List.of("url", "webcalUrl")));
        Operation appointment = api.getPaths().get("/appointments/{id}").getGet();
        assertEquals(Set.of("application/json", "text/calendar"),
                appointment.getResponses().get("200").getContent().keySet());
        assertTrue(appointment.getResponses().containsKey("406"));
    }

    /** A service's booking rules: in its body (with their ranges and defaults) and its representation. */
    @Test
    void theServiceBodyAndRepresentationDocumentTheBookingRules() {
        Map<String, io.swagger.v3.oas.models.media.Schema> schemas = api.getComponents().getSchemas();
        Map<String, io.swagger.v3.oas.models.media.Schema> input = schemas.get("ServiceInput").getProperties();
        Map<String, io.swagger.v3.oas.models.media.Schema> view = schemas.get("ServiceView").getProperties();
        for (String rule : List.of("bufferBeforeMinutes", "bufferAfterMinutes", "minNoticeMinutes", "maxAdvanceDays",
                "slotIntervalMinutes", "cancellationCutoffMinutes")) {
            assertNotNull(input.get(rule), "ServiceInput." + rule);
            assertNotNull(view.get(rule), "ServiceView." + rule);
            assertNotNull(input.get(rule).getDescription(), rule);
            assertNotNull(input.get(rule).getDefault(), rule + " default");
        }
        assertEquals(0, input.get("bufferBeforeMinutes").getMinimum().intValue());
        assertEquals(240, input.get("bufferAfterMinutes").getMaximum().intValue());
        assertEquals(365, ((Number) input.get("maxAdvanceDays").getDefault()).intValue());
        assertEquals(List.of(5, 10, 15, 20, 30, 60), input.get("slotIntervalMinutes").getEnum().stream()
                .map(v -> ((Number) v).intValue()).toList());
        String booking = api.getPaths().get("/appointments").getPost().getResponses().get("422").getDescription();
        for (String type : List.of("min-notice", "max-advance", "slot-interval")) {
            assertTrue(booking.contains(type), booking);
        }
        assertTrue(api.getPaths().get("/appointments/{id}/cancel").getPost().getResponses().get("422")
                .getDescription().contains("cancellation-cutoff"));
        Object example = api.getPaths().get("/services").getPost().getRequestBody().getContent()
                .get("application/json").getExample();
        assertTrue(String.valueOf(example).contains("cancellationCutoffMinutes"), String.valueOf(example));
    }

    private static void forEachOperation(java.util.function.BiConsumer<String, Operation> check) {
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> check.accept(method + " " + path, operation)));
    }
}
