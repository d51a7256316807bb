package app.citas.catalog;

import app.citas.catalog.CatalogQueries.ResourceQuery;
import app.citas.catalog.CatalogViews.ResourceView;
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

@Path("resources")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ResourcesEndpoint {
    private final Catalog catalog;
    private final HttpCaching http;

    ResourcesEndpoint(Catalog catalog, HttpCaching http) {
        this.catalog = catalog;
        this.http = http;
    }

    @GET
    @Operation(summary = "List resources", responses = {
            @ApiResponse(responseCode = "200", description = "A page of resources",
                    content = @Content(schema = @Schema(implementation = CatalogViews.ResourcePage.class))),
            @ApiResponse(responseCode = "400", description = "Invalid filter, sort, page or size")})
    public Response list(@Context Request request, @QueryParam("kind") String kind, @QueryParam("serviceId") String serviceId,
                                   @QueryParam("q") String text, @QueryParam("active") String active,
                                   @QueryParam("page") String page, @QueryParam("size") String size) {
        return http.respond(catalog.resources(ResourceQuery.parse(kind, serviceId, text, active, page, size)), request);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One resource", responses = {
            @ApiResponse(responseCode = "200", description = "The service",
                    content = @Content(schema = @Schema(implementation = ResourceView.class))),
            @ApiResponse(responseCode = "404", description = "No such resource")})
    public Response get(@PathParam("id") long id, @Context Request request) {
        return http.respond(catalog.resource(id), request);
    }

    @RolesAllowed("STAFF")

    @SecurityRequirement(name = JerseyApplication.BEARER)
    @POST
    @Operation(summary = "Create a resource (staff)", responses = {
            @ApiResponse(responseCode = "201", description = "Created",
                    content = @Content(schema = @Schema(implementation = ResourceView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid fields"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "Not staff"),
            @ApiResponse(responseCode = "422", description = "Unknown service")})
    public Response create(@NotNull @Valid ResourceInput input, @Context UriInfo uri) {
        ResourceView created = catalog.createResource(input);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
                .entity(created).build();
    }

    @RolesAllowed("STAFF")

    @SecurityRequirement(name = JerseyApplication.BEARER)
    @PUT
    @Path("{id}")
    @Operation(summary = "Replace a resource (staff)", responses = {
            @ApiResponse(responseCode = "200", description = "Updated",
                    content = @Content(schema = @Schema(implementation = ResourceView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid fields"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "Not staff"),
            @ApiResponse(responseCode = "404", description = "No such resource"),
            @ApiResponse(responseCode = "409", description = "Changed concurrently"),
            @ApiResponse(responseCode = "422", description = "Unknown service")})
    public ResourceView update(@PathParam("id") long id, @NotNull @Valid ResourceInput input) {
        return catalog.updateResource(id, input);
    }

    @RolesAllowed("STAFF")

    @SecurityRequirement(name = JerseyApplication.BEARER)
    @DELETE
    @Path("{id}")
    @Operation(summary = "Deactivate a resource (staff); its appointments stay", responses = {
            @ApiResponse(responseCode = "204", description = "Deactivated"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "Not staff"),
            @ApiResponse(responseCode = "404", description = "No such resource")})
    public Response delete(@PathParam("id") long id) {
        catalog.deactivateResource(id);
        return Response.noContent().build();
    }
}
