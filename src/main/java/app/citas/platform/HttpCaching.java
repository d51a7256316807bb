package app.citas.platform;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * Answers public catalog reads with an ETag and Cache-Control, and 304 without a body when If-None-Match matches.
 * The ETag is weak: Tomcat gzips JSON for clients that accept it, and a strong ETag would have to differ per
 * encoding (Tomcat's noCompressionStrongETag refuses to compress it at all).
 */
public final class HttpCaching {
    private final String cacheControl;

    public HttpCaching(int maxAgeSeconds) {
        this.cacheControl = "public, max-age=" + maxAgeSeconds;
    }

    public Response respond(JsonBody body, Request request) {
        EntityTag tag = new EntityTag(body.etag(), true);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        Response.ResponseBuilder response = notModified != null ? notModified
                : Response.ok(body.bytes(), MediaType.APPLICATION_JSON_TYPE);
        return response.tag(tag).header(HttpHeaders.CACHE_CONTROL, cacheControl).build();
    }

    /**
     * Writes the 200 that {@link #respond} gives a request without preconditions, with the headers Jersey's response
     * filters add to it, for a servlet filter answering before Jersey.
     */
    public void write(JsonBody body, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON);
        response.setContentLength(body.bytes().length);
        response.setHeader(HttpHeaders.ETAG, "W/\"" + body.etag() + "\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
        response.setHeader("Content-Security-Policy", NoStoreByDefault.CONTENT_SECURITY_POLICY);
        response.getOutputStream().write(body.bytes());
    }
}
