package app.citas.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.platform.Readiness;
import app.citas.quota.QuotaModule;
import app.citas.testing.ServletDoubles;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WarmupRequestsTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final Readiness readiness = new Readiness();
    private final WarmupRequests filter = new WarmupRequests(SECRET, readiness);

    @BeforeEach
    void warming() {
        readiness.markWarming();
    }

    private Object quotaKeyOf(String header) throws Exception {
        Map<String, List<String>> headers = header == null ? Map.of() : Map.of(WarmupRequests.HEADER, List.of(header));
        HttpServletRequest request = ServletDoubles.request(new ServletDoubles.RequestSpec("GET", "services", headers,
                new byte[0], false, "127.0.0.1"));
        List<Boolean> passed = new ArrayList<>();
        filter.doFilter(request, ServletDoubles.response().servlet(), (req, res) -> passed.add(true));
        assertEquals(List.of(true), passed, "every request goes on");
        return request.getAttribute(QuotaModule.ANONYMOUS_CALLER);
    }

    @Test
    void warmupRequestsGetQuotaKeysOfTheirOwnANewOneEveryTenRequests() throws Exception {
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            keys.add(quotaKeyOf(SECRET));
        }
        assertEquals("warmup:01234567:0", keys.get(0));
        assertEquals(keys.get(0), keys.get(9));
        assertEquals("warmup:01234567:1", keys.get(10));
        assertEquals("warmup:01234567:2", keys.get(24));
    }

    @Test
    void anyOtherRequestIsLeftAsItIs() throws Exception {
        assertNull(quotaKeyOf(null));
        assertNull(quotaKeyOf("not the secret"));
        assertNull(quotaKeyOf(SECRET.substring(1)));
    }

    @Test
    void theSecretCountsOnlyWhileTheNodeWarms() throws Exception {
        assertNotEquals(null, quotaKeyOf(SECRET));
        readiness.markReady();

        assertNull(quotaKeyOf(SECRET));
        assertTrue(!readiness.isWarming());
    }
}
