package app.citas.platform;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's physical limit: a fixed JSON body the size of a services page, written with no framework,
 * database or cache work. Only deployed when CITAS_BENCH_ENDPOINT=true.
 */
public final class LimitServlet extends HttpServlet {
    public static final String PATH = "/bench/limit";
    private final byte[] body = page();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Twenty services shaped like GET /services items: about the same bytes as a real first page. */
    private static byte[] page() {
        StringBuilder json = new StringBuilder("{\"items\":[");
        for (int i = 1; i <= 20; i++) {
            json.append(i == 1 ? "" : ",")
                    .append("{\"id\":").append(i).append(",\"name\":\"Demo service ").append(i)
                    .append("\",\"description\":\"A fixed description of a demo service used to size the page.\"")
                    .append(",\"durationMinutes\":45,\"price\":\"35.00\",\"currency\":\"EUR\",\"active\":true,")
                    .append("\"category\":{\"id\":3,\"name\":\"Category 3\"},\"resources\":[")
                    .append("{\"id\":7,\"name\":\"Staff 07\",\"kind\":\"STAFF\"},")
                    .append("{\"id\":19,\"name\":\"Staff 19\",\"kind\":\"STAFF\"},")
                    .append("{\"id\":44,\"name\":\"Room 04\",\"kind\":\"ROOM\"}]}");
        }
        return json.append("],\"page\":1,\"size\":20,\"total\":200}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
