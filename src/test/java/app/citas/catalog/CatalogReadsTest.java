package app.citas.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
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
}
