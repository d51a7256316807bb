package app.citas.platform;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Swagger's reader, then what holds for every operation without repeating it on each: a 4xx or 5xx answer that
 * declares no body of its own is an {@code application/problem+json} {@link Problem} (the exception mappers and the
 * error servlet make nothing else), and each request body has an example to start "Try it out" from.
 * Named in the OpenAPI configuration, so it runs once, when the document is first built.
 */
public final class CitasOpenApiReader extends Reader {
    static final String PROBLEM = "Problem";
    private static final List<Map<String, Object>> WEEKDAYS_9_TO_13 = java.util.stream.IntStream.rangeClosed(1, 5)
            .mapToObj(day -> Map.<String, Object>of("weekday", day, "start", "09:00", "end", "13:00")).toList();
    /** By the name of the request body's schema: the README's curl session, as bodies. */
    private static final Map<String, Object> EXAMPLES = Map.ofEntries(
            Map.entry("Registration", Map.of("username", "maria", "email", "maria@example.com",
                    "password", "correct-horse-1", "fullName", "María López")),
            Map.entry("Credentials", Map.of("username", "maria", "password", "correct-horse-1")),
            Map.entry("CategoryInput", Map.of("name", "Hair")),
            Map.entry("ResourceInput", Map.of("name", "Lucia", "kind", "STAFF", "description", "Senior stylist",
                    "timezone", "Europe/Madrid", "active", true, "serviceIds", List.of(), "workingHours",
                    WEEKDAYS_9_TO_13)),
            Map.entry("ServiceInput", Map.ofEntries(Map.entry("name", "Haircut"), Map.entry("description", "Wash and cut"),
                    Map.entry("durationMinutes", 30), Map.entry("price", "25.00"), Map.entry("currency", "EUR"),
                    Map.entry("categoryId", 1), Map.entry("resourceIds", List.of(1)), Map.entry("active", true),
                    Map.entry("bufferBeforeMinutes", 0), Map.entry("bufferAfterMinutes", 10),
                    Map.entry("minNoticeMinutes", 120), Map.entry("maxAdvanceDays", 60),
                    Map.entry("slotIntervalMinutes", 15), Map.entry("cancellationCutoffMinutes", 1440))),
            Map.entry("BookingRequest", Map.of("serviceId", 1, "resourceId", 1, "startsAt", "2030-01-15T09:00:00Z",
                    "notes", "First visit")),
            Map.entry("CancelRequest", Map.of("reason", "Cannot make it")),
            Map.entry("AppointmentPatch", Map.of("startsAt", "2030-01-15T10:00:00Z", "notes", "Moved one hour later")),
            Map.entry("TimeOffInput", Map.of("startsAt", "2030-07-31T22:00:00Z",
                    "endsAt", "2030-08-15T22:00:00Z", "reason", "Summer holidays")),
            Map.entry("DateOverrideInput", Map.of("periods", List.of(Map.of("start", "10:00", "end", "14:00")))));

    @Override
    public OpenAPI read(Set<Class<?>> classes, Map<String, Object> resources) {
        OpenAPI api = super.read(classes, resources);
        ModelConverters.getInstance(true).readAll(new AnnotatedType(Problem.class))
                .forEach(api.getComponents()::addSchemas);
        for (PathItem path : api.getPaths().values()) {
            for (Operation operation : path.readOperations()) {
                operation.getResponses().forEach((status, response) -> {
                    if (isError(status) && (response.getContent() == null || response.getContent().isEmpty())) {
                        response.setContent(problem());
                    }
                });
                if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                    operation.getRequestBody().getContent().values().forEach(CitasOpenApiReader::example);
                }
            }
        }
        return api;
    }

    private static Content problem() {
        return new Content().addMediaType(Problem.MEDIA_TYPE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }

    private static void example(MediaType media) {
        String ref = media.getSchema() == null ? null : media.getSchema().get$ref();
        if (media.getExample() == null && ref != null) {
            media.setExample(EXAMPLES.get(ref.substring(ref.lastIndexOf('/') + 1)));
        }
    }

    private static boolean isError(String status) {
        return status.startsWith("4") || status.startsWith("5");
    }
}
