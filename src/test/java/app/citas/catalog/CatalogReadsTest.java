package app.citas.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.platform.HttpCaching;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Which query strings the filter in front of Jersey reads itself: only those with nothing to decode or choose. */
class CatalogReadsTest {

    @Test
    void plainParametersAreRead() {
        assertEquals(Map.of(), CatalogReads.QueryString.simple(null));
        assertEquals(Map.of(), CatalogReads.QueryString.simple(""));
        assertEquals(Map.of("page", "1", "size", "20"), CatalogReads.QueryString.simple("page=1&size=20"));
        assertEquals(Map.of("sort", "price_desc", "q", "a.b-c_d,e", "size", ""),
                CatalogReads.QueryString.simple("sort=price_desc&q=a.b-c_d,e&size="));
    }

    @Test
    void anythingToDecodeOrChooseGoesToJersey() {
        for (String query : new String[] {"q=hair+cut", "q=hair%20cut", "q=caf%C3%A9", "q=café", "page=1&page=2",
                "page", "=1", "page=1&", "&page=1", "page=1&&size=2", "a=b=c", "q=<script>", "size=1;page=2"}) {
            assertNull(CatalogReads.QueryString.simple(query), query);
        }
    }

    @Test
    void aReadThatFailsIsLeftToJersey() throws Exception {
        Catalog failing = proxy(Catalog.class, (method, args) -> {
            throw new IllegalStateException("database unreachable");
        });
        HttpServletRequest request = proxy(HttpServletRequest.class, (method, args) -> switch (method) {
            case "getMethod" -> "GET";
            case "getPathInfo" -> "/services";
            default -> null;
        });
        HttpServletResponse response = proxy(HttpServletResponse.class, (method, args) -> {
            throw new AssertionError("nothing written before Jersey: " + method);
        });
        AtomicBoolean passedOn = new AtomicBoolean();
        new CatalogReads(failing, new HttpCaching(60), new ObjectMapper())
                .doFilter(request, response, (req, res) -> passedOn.set(true));
        assertTrue(passedOn.get());
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args)));
    }
}
