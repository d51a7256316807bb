package app.citas.platform;

/**
 * What the HTTP layer allows and promises: the largest request body, how much of a refused body is still read so
 * the client can read its 413, the {@code Cache-Control} max-age of catalog reads, whether plain catalog reads are
 * answered in front of Jersey, and whether the benchmark's limit servlet is deployed.
 */
public record HttpSettings(int maxBodyBytes, int drainBytes, int maxAgeSeconds, boolean catalogReadsBeforeJersey,
                           boolean benchEndpoint) {
    public static final String MAX_BODY_BYTES = "CITAS_MAX_BODY_BYTES";
    public static final String DRAIN_BYTES = "CITAS_BODY_DRAIN_BYTES";
    public static final String MAX_AGE_SECONDS = "CITAS_HTTP_MAX_AGE_SECONDS";
    public static final String CATALOG_READS_BEFORE_JERSEY = "CITAS_CATALOG_READS_BEFORE_JERSEY";
    public static final String BENCH_ENDPOINT = "CITAS_BENCH_ENDPOINT";

    public static HttpSettings read(SettingsReader reader) {
        return new HttpSettings(
                reader.integer(MAX_BODY_BYTES, 64 * 1024, 1024, 16 * 1024 * 1024),
                reader.integer(DRAIN_BYTES, 4 * 1024 * 1024, 0, 64 * 1024 * 1024),
                reader.integer(MAX_AGE_SECONDS, 60, 0, 86_400),
                reader.bool(CATALOG_READS_BEFORE_JERSEY, true),
                reader.bool(BENCH_ENDPOINT, false));
    }
}
