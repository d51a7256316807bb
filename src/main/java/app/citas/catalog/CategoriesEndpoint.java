package app.citas.catalog;

import app.citas.catalog.CatalogViews.CategoryView;
import app.citas.platform.HttpCaching;
import app.citas.platform.JerseyApplication;
import app.citas.platform.PageRequest;
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

@Path("categories")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class CategoriesEndpoint {
    private final Catalog catalog;
    private final HttpCaching http;

    CategoriesEndpoint(Catalog catalog, HttpCaching http) {
        this.catalog = catalog;
        this.http = http;
    }

    @GET
    @Operation(summary = "List categories", responses = {
            @ApiResponse(responseCode = "200", description = "A page of categories",
                    content = @Content(schema = @Schema(implementation = CatalogViews.CategoryPage.class))),
            @ApiResponse(responseCode = "400", description = "Invalid page or size")})
    public Response list(@Context Request request, @QueryParam("page") String page, @QueryParam("size") String size) {
        return http.respond(catalog.categories(PageRequest.parse(page, size)), request);
    }

    @RolesAllowed("STAFF")

    @SecurityRequirement(name = JerseyApplication.BEARER)
    @POST
    @Operation(summary = "Create a category (staff)", responses = {
            @ApiResponse(responseCode = "201", description = "Created",
                    content = @Content(schema = @Schema(implementation = CategoryView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid fields"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "Not staff"),
            @ApiResponse(responseCode = "409", description = "Name taken")})
    public Response create(@NotNull @Valid CategoryInput input, @Context UriInfo uri) {
        CategoryView created = catalog.createCategory(input);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
                .entity(created).build();
    }

    @RolesAllowed("STAFF")

    @SecurityRequirement(name = JerseyApplication.BEARER)
    @PUT
    @Path("{id}")
    @Operation(summary = "Rename a category (staff)", responses = {
            @ApiResponse(responseCode = "200", description = "Updated",
                    content = @Content(schema = @Schema(implementation = CategoryView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid fields"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "Not staff"),
            @ApiResponse(responseCode = "404", description = "No such category"),
            @ApiResponse(responseCode = "409", description = "Name taken")})
    public CategoryView update(@PathParam("id") long id, @NotNull @Valid CategoryInput input) {
        return catalog.updateCategory(id, input);
    }

    @RolesAllowed("STAFF")

    @SecurityRequirement(name = JerseyApplication.BEARER)
    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete an unused category (staff)", responses = {
            @ApiResponse(responseCode = "204", description = "Deleted"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "Not staff"),
            @ApiResponse(responseCode = "404", description = "No such category"),
            @ApiResponse(responseCode = "409", description = "Services use it")})
    public Response delete(@PathParam("id") long id) {
        catalog.deleteCategory(id);
        return Response.noContent().build();
    }
}
