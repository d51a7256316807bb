package app.citas.catalog;

import app.citas.catalog.CatalogQueries.ServiceQuery;
import app.citas.catalog.CatalogViews.ServiceView;
import app.citas.platform.HttpCaching;
import app.citas.platform.JerseyApplication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

@Path("services")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ServicesEndpoint {
    private final Catalog catalog;
    private final HttpCaching http;

    ServicesEndpoint(Catalog catalog, HttpCaching http) {
        this.catalog = catalog;
        this.http = http;
    }

    @GET
    @Operation(summary = "List services", responses = {
            @ApiResponse(responseCode = "200", description = "A page of services",
                    content = @Content(schema = @Schema(implementation = CatalogViews.ServicePage.class))),
            @ApiResponse(responseCode = "400", description = "Invalid filter, sort, page or size")})
    public Response list(@Context Request request, @QueryParam("category") String category, @QueryParam("q") String text,
                                  @QueryParam("active") String active, @QueryParam("sort") String sort,
                                  @QueryParam("page") String page, @QueryParam("size") String size) {
        return http.respond(catalog.services(ServiceQuery.parse(category, text, active, sort, page, size)), request);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One service", responses = {
            @ApiResponse(responseCode = "200", description = "The service",
                    content = @Content(schema = @Schema(implementation = ServiceView.class))),
            @ApiResponse(responseCode = "404", description = "No such service")})
    public Response get(@PathParam("id") long id, @Context Request request) {
        return http.respond(catalog.service(id), request);
    }

    @RolesAllowed("STAFF")

    @SecurityRequirement(name = JerseyApplication.BEARER)
    @POST
    @Operation(summary = "Create a service (staff)", responses = {
            @ApiResponse(responseCode = "201", description = "Created",
                    content = @Content(schema = @Schema(implementation = ServiceView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid fields"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "Not staff"),
            @ApiResponse(responseCode = "422", description = "Unknown category or resource")})
    public Response create(@NotNull @Valid ServiceInput input, @Context UriInfo uri) {
        ServiceView created = catalog.createService(input);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
                .entity(created).build();
    }

    @RolesAllowed("STAFF")

    @SecurityRequirement(name = JerseyApplication.BEARER)
    @PUT
    @Path("{id}")
    @Operation(summary = "Replace a service (staff)", responses = {
            @ApiResponse(responseCode = "200", description = "Updated",
                    content = @Content(schema = @Schema(implementation = ServiceView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid fields"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "Not staff"),
            @ApiResponse(responseCode = "404", description = "No such service"),
            @ApiResponse(responseCode = "409", description = "Changed concurrently"),
            @ApiResponse(responseCode = "422", description = "Unknown category or resource")})
    public ServiceView update(@PathParam("id") long id, @NotNull @Valid ServiceInput input) {
        return catalog.updateService(id, input);
    }

    @RolesAllowed("STAFF")

    @SecurityRequirement(name = JerseyApplication.BEARER)
    @DELETE
    @Path("{id}")
    @Operation(summary = "Deactivate a service (staff); its appointments stay", responses = {
            @ApiResponse(responseCode = "204", description = "Deactivated"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "Not staff"),
            @ApiResponse(responseCode = "404", description = "No such service")})
    public Response delete(@PathParam("id") long id) {
        catalog.deactivateService(id);
        return Response.noContent().build();
    }
}
