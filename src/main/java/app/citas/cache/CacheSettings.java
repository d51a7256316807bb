package app.citas.cache;

import app.citas.platform.SettingsReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The catalog cache: on or off, and the time to live of each region. Its keys use Redis' one key prefix. */
public record CacheSettings(boolean enabled, Map<String, Duration> timeToLive) {
    public static final List<String> REGIONS = List.of("categories", "services", "resources");
    public static final String ENABLED = "CITAS_CACHE_ENABLED";
    /** Every region's time to live, unless CITAS_CACHE_TTL_SERVICES_SECONDS (etc.) sets one region's. */
    public static final String TTL_SECONDS = "CITAS_CACHE_TTL_SECONDS";

    public static CacheSettings read(SettingsReader reader) {
        int defaultTtl = reader.integer(TTL_SECONDS, 300, 1, 86_400);
        Map<String, Duration> ttl = new LinkedHashMap<>();
        for (String region : REGIONS) {
            ttl.put(region, Duration.ofSeconds(reader.integer(regionTtlSeconds(region), defaultTtl, 1, 86_400)));
        }
        return new CacheSettings(reader.bool(ENABLED, true), Map.copyOf(ttl));
    }

    /** The variable of one region's time to live: CITAS_CACHE_TTL_SERVICES_SECONDS for "services". */
    public static String regionTtlSeconds(String region) {
        return "CITAS_CACHE_TTL_" + region.toUpperCase(Locale.ROOT) + "_SECONDS";
    }

    public Duration timeToLive(String region) {
        return timeToLive.get(region);
    }
}
