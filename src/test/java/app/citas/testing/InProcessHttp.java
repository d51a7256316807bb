package app.citas.testing;

import app.citas.testing.ServletDoubles.RequestSpec;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.Principal;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.glassfish.jersey.internal.PropertiesDelegate;
import org.glassfish.jersey.inject.hk2.AbstractBinder;
import org.glassfish.jersey.process.internal.RequestScoped;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.spi.ContainerResponseWriter;

/**
 * The application's servlet filters and its Jersey application, run in process without a socket: a request passes
 * the filters (as Tomcat would run them in front of the API), then goes to Jersey's {@link ApplicationHandler} the
 * way Jersey's servlet container hands it over: servlet request attributes are the request's properties, and
 * {@code @Context HttpServletRequest} is the request the filters passed on.
 */
public final class InProcessHttp implements AutoCloseable {
    static final String CONTEXT_PATH = "/citas";
    static final String API_ROOT = "/api/v1";
    private static final String SERVLET_REQUEST = InProcessHttp.class.getName() + ".servletRequest";

    private final ApplicationHandler jersey;
    private final List<Filter> filters;

    /** @param filters the servlet filters in front of the API, in the order the container runs them */
    public InProcessHttp(ResourceConfig application, List<Filter> filters) {
        this.jersey = new ApplicationHandler(application, new AbstractBinder() {
            @Override
            protected void configure() {
                bindFactory(ServletRequestOfThisRequest.class).to(HttpServletRequest.class).in(RequestScoped.class);
            }
        });
        this.filters = List.copyOf(filters);
    }

    public ServletDoubles.Response exchange(RequestSpec spec) {
        ServletDoubles.Response response = ServletDoubles.response();
        try {
            chain(0).doFilter(ServletDoubles.request(spec), response.servlet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ServletException e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    private FilterChain chain(int index) {
        return (request, response) -> {
            if (index < filters.size()) {
                filters.get(index).doFilter(request, response, chain(index + 1));
            } else {
                toJersey((HttpServletRequest) request, (HttpServletResponse) response);
            }
        };
    }

    private void toJersey(HttpServletRequest servletRequest, HttpServletResponse servletResponse) throws IOException {
        String query = servletRequest.getQueryString();
        URI base = URI.create("http://localhost" + CONTEXT_PATH + API_ROOT + "/");
        URI uri = URI.create("http://localhost" + servletRequest.getRequestURI() + (query == null ? "" : "?" + query));
        ContainerRequest request = new ContainerRequest(base, uri, servletRequest.getMethod(), securityOf(servletRequest),
                new Attributes(servletRequest), jersey.getConfiguration());
        for (String name : Collections.list(servletRequest.getHeaderNames())) {
            request.headers(name, Collections.list(servletRequest.getHeaders(name)));
        }
        request.setEntityStream(servletRequest.getInputStream());
        servletRequest.setAttribute(SERVLET_REQUEST, servletRequest);
        request.setWriter(new Writer(servletResponse));
        // Synchronous: no resource of the application is asynchronous.
        jersey.handle(request);
    }

    /** Jersey's handler on its own, behind none of the filters (as the warm-up drives it). */
    public ApplicationHandler jersey() {
        return jersey;
    }

    @Override
    public void close() {
        jersey.onShutdown(null);
    }

    /** {@code @Context HttpServletRequest}: the servlet request this Jersey request came from. */
    /** As Jersey's servlet container does: the security context is the servlet request's principal and roles. */
    private static SecurityContext securityOf(HttpServletRequest request) {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return request.getUserPrincipal();
            }

            @Override
            public boolean isUserInRole(String role) {
                return request.isUserInRole(role);
            }

            @Override
            public boolean isSecure() {
                return request.isSecure();
            }

            @Override
            public String getAuthenticationScheme() {
                return request.getAuthType();
            }
        };
    }

    static final class ServletRequestOfThisRequest implements Supplier<HttpServletRequest> {
        private final Provider<ContainerRequest> request;

        @Inject
        ServletRequestOfThisRequest(Provider<ContainerRequest> request) {
            this.request = request;
        }

        @Override
        public HttpServletRequest get() {
            return (HttpServletRequest) request.get().getProperty(SERVLET_REQUEST);
        }
    }

    /** Request properties are the servlet request's attributes, as in Jersey's servlet container. */
    private record Attributes(HttpServletRequest request) implements PropertiesDelegate {
        @Override
        public Object getProperty(String name) {
            return request.getAttribute(name);
        }

        @Override
        public Collection<String> getPropertyNames() {
            return Collections.list(request.getAttributeNames());
        }

        @Override
        public void setProperty(String name, Object value) {
            request.setAttribute(name, value);
        }

        @Override
        public void removeProperty(String name) {
            request.removeAttribute(name);
        }
    }

    /** Writes Jersey's answer to the servlet response. */
    private record Writer(HttpServletResponse response) implements ContainerResponseWriter {
        @Override
        public OutputStream writeResponseStatusAndHeaders(long contentLength, ContainerResponse answer) {
            response.setStatus(answer.getStatus());
            answer.getStringHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            try {
                return response.getOutputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean suspend(long timeOut, TimeUnit timeUnit, TimeoutHandler timeoutHandler) {
            return false;
        }

        @Override
        public void setSuspendTimeout(long timeOut, TimeUnit timeUnit) {
        }

        @Override
        public void commit() {
        }

        @Override
        public void failure(Throwable error) {
            response.setStatus(500);
        }

        @Override
        public boolean enableResponseBuffering() {
            return true;
        }
    }
}
