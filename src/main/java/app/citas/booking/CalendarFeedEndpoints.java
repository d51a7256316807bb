package app.citas.booking;

import app.citas.account.Caller;
import app.citas.platform.ApiException;
import app.citas.platform.JerseyApplication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Calendar feeds over HTTP: the secret URL of one's own appointments ({@code /me/calendar-feed}) or of a resource's
 * ({@code /resources/{id}/calendar-feed}, staff), and the feed itself at that URL, for calendar apps that cannot send
 * a bearer token. Three root resources, so each sits at its own path beside {@code /me} and {@code /resources}.
 */
public final class CalendarFeedEndpoints {
    static final String FEEDS_PATH = "calendar-feeds";
    static final String SUFFIX = ".ics";
    /** A feed may be kept and reused privately for five minutes, then revalidated with its ETag. */
    static final String FEED_CACHE_CONTROL = "private, max-age=300";

    private CalendarFeedEndpoints() {
    }

    /** The URL of a feed: the API's own base URL (as the client reached it) and the secret. */
    @Schema(name = "CalendarFeedLink")
    record FeedLink(
            @Schema(description = "The feed's secret URL (HTTPS behind an HTTPS proxy). Anyone holding it can read "
                    + "the feed, without signing in, until it is revoked with DELETE") String url,
            @Schema(description = "The same URL with the webcal: scheme, which opens a calendar app's subscribe "
                    + "dialog") String webcalUrl) {
        static FeedLink of(UriInfo uri, String secret) {
            String url = uri.getBaseUriBuilder().path(FEEDS_PATH).path(secret + SUFFIX).build().toString();
            return new FeedLink(url, url.replaceFirst("^https?:", "webcal:"));
        }
    }

    @Path("me/calendar-feed")
    @RolesAllowed({"USER", "STAFF"})
    @SecurityRequirement(name = JerseyApplication.BEARER)
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Mine {
        private final CalendarFeeds feeds;

        Mine(CalendarFeeds feeds) {
            this.feeds = feeds;
        }

        @GET
        @Operation(summary = "The secret calendar feed URL of my appointments",
                description = "An iCalendar (RFC 5545) feed of the caller's appointments, from 30 days back on, "
                        + "cancelled ones with STATUS:CANCELLED, for calendar apps that cannot send a bearer token "
                        + "(Google Calendar, Apple Calendar, Outlook: subscribe by URL). Made on the first call; "
                        + "every later call answers the same URL until DELETE revokes it.",
                responses = {
                        @ApiResponse(responseCode = "200", description = "The feed's URL",
                                content = @Content(schema = @Schema(implementation = FeedLink.class))),
                        @ApiResponse(responseCode = "401", description = "Not signed in")})
        public FeedLink get(@Context SecurityContext security, @Context UriInfo uri) {
            return FeedLink.of(uri, feeds.mine(Caller.of(security)));
        }

        @DELETE
        @Operation(summary = "Revoke my calendar feed URL",
                description = "The URL stops working at once (404); the next GET makes a new one. Idempotent.",
                responses = {
                        @ApiResponse(responseCode = "204", description = "Revoked, or there was none"),
                        @ApiResponse(responseCode = "401", description = "Not signed in")})
        public Response delete(@Context SecurityContext security) {
            feeds.revokeMine(Caller.of(security));
            return Response.noContent().build();
        }
    }

    @Path("resources/{id}/calendar-feed")
    @RolesAllowed("STAFF")
    @SecurityRequirement(name = JerseyApplication.BEARER)
    @Produces(MediaType.APPLICATION_JSON)
    public static final class OfResource {
        private final CalendarFeeds feeds;

        OfResource(CalendarFeeds feeds) {
            this.feeds = feeds;
        }

        @GET
        @Operation(summary = "The secret calendar feed URL of a resource's appointments (staff)",
                description = "One feed per resource, shared by its staff: every appointment of the resource from "
                        + "30 days back on, with the customer's name. Made on the first call; the same URL until "
                        + "DELETE revokes it (do so when someone who had it leaves).",
                responses = {
                        @ApiResponse(responseCode = "200", description = "The feed's URL",
                                content = @Content(schema = @Schema(implementation = FeedLink.class))),
                        @ApiResponse(responseCode = "401", description = "Not signed in"),
                        @ApiResponse(responseCode = "403", description = "Not staff"),
                        @ApiResponse(responseCode = "404", description = "No such resource")})
        public FeedLink get(@PathParam("id") long id, @Context SecurityContext security, @Context UriInfo uri) {
            return FeedLink.of(uri, feeds.ofResource(Caller.of(security), id));
        }

        @DELETE
        @Operation(summary = "Revoke a resource's calendar feed URL (staff)",
                description = "The URL stops working at once (404); the next GET makes a new one. Idempotent.",
                responses = {
                        @ApiResponse(responseCode = "204", description = "Revoked, or there was none"),
                        @ApiResponse(responseCode = "401", description = "Not signed in"),
                        @ApiResponse(responseCode = "403", description = "Not staff"),
                        @ApiResponse(responseCode = "404", description = "No such resource")})
        public Response delete(@PathParam("id") long id, @Context SecurityContext security) {
            feeds.revokeResource(Caller.of(security), id);
            return Response.noContent().build();
        }
    }

    @Path(FEEDS_PATH)
    public static final class Feed {
        private final CalendarFeeds feeds;

        Feed(CalendarFeeds feeds) {
            this.feeds = feeds;
        }

        @GET
        @Path("{secret: [A-Za-z0-9_-]{43}}" + SUFFIX)
        @Produces(CalendarRendering.MEDIA_TYPE)
        @Operation(summary = "A calendar feed (the secret URL of GET /me/calendar-feed or "
                + "GET /resources/{id}/calendar-feed)",
                description = "No bearer token: the secret in the path is the credential. Throttled as an anonymous "
                        + "caller, with a bucket per feed (RateLimit headers). Never written to the access log "
                        + "with its secret. Times in UTC; one VEVENT per appointment with a stable UID, SEQUENCE its "
                        + "revision, STATUS:CANCELLED once cancelled.",
                responses = {
                        @ApiResponse(responseCode = "200", description = "The feed",
                                headers = @Header(name = "ETag", description = "Strong tag of the body; "
                                        + "If-None-Match answers 304", schema = @Schema(type = "string")),
                                content = @Content(mediaType = CalendarRendering.MEDIA_TYPE,
                                        schema = @Schema(type = "string"))),
                        @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match)"),
                        @ApiResponse(responseCode = "404", description = "No feed at this URL (revoked, or never made)"),
                        @ApiResponse(responseCode = "429", description = "This feed's anonymous quota is spent")})
        public Response get(@Parameter(description = "The feed's secret (43 URL-safe base64 characters)")
                            @PathParam("secret") String secret, @Context UriInfo uri, @Context Request request) {
            String body = feeds.feed(secret, uri.getBaseUri().getHost())
                    .orElseThrow(() -> ApiException.notFound(BookingMessages.of("calendar-feed.not-found")));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            EntityTag tag = new EntityTag(sha256(bytes));
            Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
            Response.ResponseBuilder response = notModified != null ? notModified
                    : Response.ok(bytes, CalendarRendering.CONTENT_TYPE)
                            .header("Content-Disposition", "inline; filename=\"citas.ics\"");
            return response.tag(tag).header(HttpHeaders.CACHE_CONTROL, FEED_CACHE_CONTROL).build();
        }

        private static String sha256(byte[] bytes) {
            try {
                return Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
