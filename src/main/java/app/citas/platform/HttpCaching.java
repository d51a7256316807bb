package app.citas.platform;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

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
}
