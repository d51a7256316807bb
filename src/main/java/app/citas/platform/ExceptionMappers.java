package app.citas.platform;

import app.citas.platform.ProblemDraft.Field;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.lang.annotation.Annotation;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.ParamException;
import org.hibernate.StaleStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every exception into a problem+json response; nothing internal (class, SQL, trace) reaches the client. */
final class ExceptionMappers {
    private static final Logger LOG = LoggerFactory.getLogger(ExceptionMappers.class);

    private ExceptionMappers() {
    }

    static List<Object> all(ConstraintTranslations constraints) {
        return List.of(new ApiExceptionMapper(), new ValidationMapper(), new JacksonMapper(),
                new WebApplicationMapper(), new ParamMapper(), new AnyMapper(constraints), new EmptyErrorFilter());
    }

    static Response problem(ProblemDraft problem, Map<String, String> headers) {
        Response.ResponseBuilder builder = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE).entity(problem);
        headers.forEach(builder::header);
        return builder.build();
    }

    static final class ApiExceptionMapper implements ExceptionMapper<ApiException> {
        @Override
        public Response toResponse(ApiException e) {
            return problem(e.draft(), e.headers());
        }
    }

    static final class ValidationMapper implements ExceptionMapper<ConstraintViolationException> {
        @Override
        public Response toResponse(ConstraintViolationException e) {
            List<Field> errors = e.getConstraintViolations().stream()
                    .map(v -> new Field(fieldOf(v), Message.verbatim(v.getMessage())))
                    .distinct()
                    .sorted(Comparator.comparing(Field::field))
                    .toList();
            return problem(ApiException.invalid(errors).draft(), Map.of());
        }

        /** The property path below the method parameter: {@code create.arg0.workingHours[0].start} → {@code workingHours[0].start}. */
        private static String fieldOf(ConstraintViolation<?> violation) {
            StringBuilder field = new StringBuilder();
            for (Path.Node node : violation.getPropertyPath()) {
                if (node.getKind() == jakarta.validation.ElementKind.METHOD
                        || node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
                    continue;
                }
                if (node.getIndex() != null && field.length() > 0) {
                    field.append('[').append(node.getIndex()).append(']');
                }
                if (node.getName() != null) {
                    field.append(field.length() > 0 ? "." : "").append(node.getName());
                }
            }
            return field.length() == 0 ? "body" : field.toString();
        }
    }

    static final class JacksonMapper implements ExceptionMapper<JacksonException> {
        @Override
        public Response toResponse(JacksonException e) {
            if (e instanceof UnrecognizedPropertyException unknown) {
                return problem(ApiException.invalidField(path(unknown), Problems.text("field.unknown")).draft(), Map.of());
            }
            if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                return problem(ApiException.invalidField(path(mapping), Problems.text("field.wrong-type")).draft(),
                        Map.of());
            }
            Message what = Problems.text(e instanceof JsonProcessingException ? "body.not-json" : "body.unreadable");
            return problem(ApiException.badRequest(what).draft(), Map.of());
        }

        private static String path(JsonMappingException e) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference ref : e.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.length() > 0 ? "." : "").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            return path.length() == 0 ? "body" : path.toString();
        }
    }

    static final class ParamMapper implements ExceptionMapper<ParamException> {
        @Override
        public Response toResponse(ParamException e) {
            if (e instanceof ParamException.PathParamException) {
                return problem(ApiException.notFound(Problems.text("resource.not-found")).draft(), Map.of());
            }
            return problem(ApiException.invalidField(e.getParameterName(), Problems.text("param.invalid")).draft(),
                    Map.of());
        }
    }

    /**
     * Words every problem in the language the request prefers and names it in Content-Language. Jersey answers a
     * header it cannot parse (Accept: text/plain;q=x, a broken If-None-Match) with a bare 400 and no mapper is asked;
     * this also gives that, and any other error without a body, its problem document.
     */
    static final class EmptyErrorFilter implements ContainerResponseFilter {
        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            int status = response.getStatus();
            if (status >= 400 && !response.hasEntity()) {
                response.setEntity(Problems.forStatus(status), new Annotation[0], MediaType.valueOf(Problem.MEDIA_TYPE));
            }
            if (response.getEntity() instanceof ProblemDraft draft) {
                Locale locale = Languages.preferred(request.getHeaderString("Accept-Language"));
                response.setEntity(draft.in(locale), new Annotation[0], MediaType.valueOf(Problem.MEDIA_TYPE));
                response.getHeaders().putSingle("Content-Language", locale.toLanguageTag());
            }
        }
    }

    static final class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response original = e.getResponse();
            int status = original.getStatus();
            if (status >= 500) {
                return AnyMapper.internalError(e);
            }
            Map<String, String> headers = original.getStringHeaders().entrySet().stream()
                    .filter(h -> h.getKey().equalsIgnoreCase("Allow") || h.getKey().equalsIgnoreCase("WWW-Authenticate"))
                    .collect(Collectors.toMap(Map.Entry::getKey, h -> String.join(", ", h.getValue())));
            return problem(Problems.forStatus(status), headers);
        }
    }

    static final class AnyMapper implements ExceptionMapper<Throwable> {
        private final ConstraintTranslations constraints;

        AnyMapper(ConstraintTranslations constraints) {
            this.constraints = constraints;
        }

        @Override
        public Response toResponse(Throwable e) {
            if (e instanceof ApiException api) {
                return problem(api.draft(), api.headers());
            }
            Response mapped = mapDatabaseFailure(e);
            return mapped != null ? mapped : internalError(e);
        }

        static Response internalError(Throwable e) {
            String errorId = UUID.randomUUID().toString();
            LOG.error("Unhandled error {}", errorId, e);
            return problem(Problems.internal(errorId), Map.of());
        }

        private Response mapDatabaseFailure(Throwable e) {
            if (hasCause(e, StaleStateException.class) || hasCause(e, jakarta.persistence.OptimisticLockException.class)) {
                return problem(ApiException.conflict(Problems.text("stale.detail")).draft(), Map.of());
            }
            SQLException sql = rootSqlException(e);
            if (sql == null) {
                return null;
            }
            Optional<ApiException> violation = constraints.translate(sql);
            if (violation.isPresent()) {
                return problem(violation.get().draft(), violation.get().headers());
            }
            if (unavailable(e)) {
                LOG.warn("Database unavailable: {} (SQLState {})", sql.getMessage(), sql.getSQLState());
                return DatabaseUnavailable.response();
            }
            return null;
        }

        /**
         * The database could not be reached or could not serve now: any SQL error of the chain that is a pool timeout,
         * a connection failure (08…), an administrator shutdown (57P01), a database still starting up (57P03), a
         * cancelled statement (57014) or too many connections (53300).
         */
        private static boolean unavailable(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SQLTransientConnectionException) {
                    return true;
                }
                if (t instanceof SQLException sql && sql.getSQLState() != null) {
                    String state = sql.getSQLState();
                    if (state.startsWith("08") || List.of("57P01", "57P03", "57014", "53300").contains(state)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
            return false;
        }

        private static SQLException rootSqlException(Throwable e) {
            SQLException found = null;
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SQLException sql) {
                    found = sql;
                }
            }
            return found;
        }
    }
}
