package app.citas.tomcat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * The Host's error report as problem+json instead of Tomcat's HTML page. It answers what no web application does:
 * a request Tomcat refuses before mapping it to Citas (a path with {@code %FF} or {@code %00}, an undecodable
 * URI) and a path outside every context. Inside Citas the web application's own error page answers first, with the
 * same shape. Never a stack trace, an exception message or the server's version. Lives in a jar beside Tomcat's
 * own (CATALINA_HOME/lib), because the Host's valves load before, and outside, any web application.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {
    static final String TYPE_BASE = "https://citas.app/problems/http-";

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        boolean spanish = prefersSpanish(request.getLocales());
        try {
            // As bytes, like the API's own problems: JSON is UTF-8 (RFC 8259), so no charset parameter.
            byte[] body = body(status, spanish).getBytes(StandardCharsets.UTF_8);
            response.setContentType("application/problem+json");
            response.setHeader("Content-Language", spanish ? "es" : "en");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client went away or the response was committed meanwhile: nothing left to tell anyone.
        }
    }

    static String body(int status, boolean spanish) {
        String detail;
        if (status == 400) {
            detail = spanish ? "La URL o las cabeceras de la solicitud están mal formadas."
                    : "The request's URL or headers are malformed.";
        } else if (status == 404) {
            detail = spanish ? "No hay nada en esta dirección." : "There is nothing at this address.";
        } else {
            detail = spanish ? "La solicitud ha fallado." : "The request failed.";
        }
        return "{\"type\":\"" + TYPE_BASE + status + "\",\"title\":\"Error\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
    }

    /** Citas speaks English and Spanish: Spanish when the client ranks it above English. */
    private static boolean prefersSpanish(Enumeration<Locale> locales) {
        while (locales.hasMoreElements()) {
            String language = locales.nextElement().getLanguage();
            if (language.equals("es")) {
                return true;
            }
            if (language.equals("en")) {
                return false;
            }
        }
        return false;
    }
}
