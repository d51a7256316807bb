package app.citas.platform;

/**
 * What the HTTP layer allows and promises: the largest request body, the {@code Cache-Control} max-age of catalog
 * reads, and whether the benchmark's limit servlet is deployed.
 */
public record HttpSettings(int maxBodyBytes, int maxAgeSeconds, boolean benchEndpoint) {
    public static final String MAX_BODY_BYTES = "CITAS_MAX_BODY_BYTES";
    public static final String MAX_AGE_SECONDS = "CITAS_HTTP_MAX_AGE_SECONDS";
    public static final String BENCH_ENDPOINT = "CITAS_BENCH_ENDPOINT";

    public static HttpSettings read(SettingsReader reader) {
        return new HttpSettings(
                reader.integer(MAX_BODY_BYTES, 64 * 1024, 1024, 16 * 1024 * 1024),
                reader.integer(MAX_AGE_SECONDS, 60, 0, 86_400),
                reader.bool(BENCH_ENDPOINT, false));
    }
}
