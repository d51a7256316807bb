package app.citas.platform;

import io.swagger.v3.jaxrs2.integration.resources.OpenApiResource;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.hibernate.SessionFactory;

/** The JAX-RS application: JSON, errors, the unit of work, OpenAPI, and the features' components. */
public final class JerseyApplication {
    public static final String API_ROOT = "/api/v1";
    /** The security scheme that operations for signed-in callers name ({@code @SecurityRequirement}). */
    public static final String BEARER = "bearerAuth";

    private JerseyApplication() {
    }

    public static ResourceConfig create(JsonMapper json, SessionFactory sessionFactory, ConstraintTranslations constraints,
                                        List<Object> components) {
        ResourceConfig config = new ResourceConfig();
        config.setApplicationName("citas");
        // Jackson's own mappers echo parser messages (class names, positions); ours answer problem+json.
        config.register(JacksonFeature.withoutExceptionMappers());
        config.register(json);
        config.register(new StrictUtf8());
        config.register(new LocalizedValidation());
        ExceptionMappers.all(constraints).forEach(config::register);
        config.register(new UnitOfWorkListener(sessionFactory));
        config.register(new NoStoreByDefault());
        config.register(openApi());
        components.forEach(config::register);
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        config.property(ServerProperties.BV_SEND_ERROR_IN_RESPONSE, true);
        // Let our problem+json bodies through instead of Tomcat's HTML error page.
        config.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        config.property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
        return config;
    }

    private static OpenApiResource openApi() {
        OpenAPI api = new OpenAPI()
                .info(new Info().title("Citas booking API").version("1.0.0")
                        .description("Services, resources, availability and appointments."))
                .servers(List.of(new Server().url("/citas" + API_ROOT)))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("The token of POST /auth/token, sent as Authorization: Bearer <token>.")));
        SwaggerConfiguration configuration = new SwaggerConfiguration()
                .openAPI(api)
                .openAPI31(true)
                .readerClass(CitasOpenApiReader.class.getName())
                .prettyPrint(false)
                .readAllResources(true)
                .resourcePackages(Set.of("app.citas"));
        OpenApiResource resource = new OpenApiResource();
        resource.setOpenApiConfiguration(configuration);
        return resource;
    }
}
