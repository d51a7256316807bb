package app.citas.platform;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reports whether PostgreSQL and Redis answer: UP, DEGRADED (Redis down) or DOWN (database down, 503), and WARMING
 * (503, Retry-After) while the node still warms its hot paths after a start.
 */
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthEndpoint {
    private final DataSource dataSource;
    private final Redis redis;
    private final Readiness readiness;

    public HealthEndpoint(DataSource dataSource, Redis redis, Readiness readiness) {
        this.dataSource = dataSource;
        this.redis = redis;
        this.readiness = readiness;
    }

    public record Health(String status, Map<String, String> checks) {
    }

    @GET
    @Operation(summary = "Service health", responses = {
            @ApiResponse(responseCode = "200", description = "UP or DEGRADED (Redis down)",
                    content = @Content(schema = @Schema(implementation = Health.class))),
            @ApiResponse(responseCode = "503", description = "DOWN: PostgreSQL unreachable; or WARMING: the node is "
                    + "still warming its hot paths after a start (Retry-After)",
                    content = @Content(schema = @Schema(implementation = Health.class)))})
    public Response health() {
        boolean database = databaseAnswers();
        boolean cache = redis.ping();
        boolean warming = readiness.isWarming();
        String status = !database ? "DOWN" : warming ? "WARMING" : cache ? "UP" : "DEGRADED";
        Health health = new Health(status, Map.of("database", database ? "UP" : "DOWN", "redis", cache ? "UP" : "DOWN"));
        Response.ResponseBuilder response = Response.status(database && !warming ? 200 : 503).entity(health)
                .header("Cache-Control", "no-store");
        if (database && warming) {
            response.header("Retry-After", "1");
        }
        return response.build();
    }

    private boolean databaseAnswers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}
