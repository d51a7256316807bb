package app.citas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every feature's messages exist in every supported language, none empty, with the same arguments. */
class MessageBundlesTest {
    private static final Path RESOURCES = Path.of("src/main/resources");

    private static List<Path> englishBundles() throws IOException {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            return files.filter(f -> f.getFileName().toString().equals("messages.properties")).sorted().toList();
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    @Test
    void everyFeatureHasItsBundle() throws IOException {
        List<String> features = englishBundles().stream().map(f -> f.getParent().getFileName().toString()).toList();
        assertEquals(List.of("account", "booking", "catalog", "platform"), features);
    }

    @Test
    void everyKeyInEveryLanguageWithTheSameArguments() throws IOException {
        for (Path english : englishBundles()) {
            Properties base = load(english);
            for (Locale language : Languages.SUPPORTED) {
                if (language.equals(Languages.ENGLISH)) {
                    continue;
                }
                Path file = english.resolveSibling("messages_" + language.toLanguageTag() + ".properties");
                assertTrue(Files.exists(file), file + " is missing");
                Properties translated = load(file);
                assertEquals(base.stringPropertyNames(), translated.stringPropertyNames(), file.toString());
                for (String key : base.stringPropertyNames()) {
                    String en = base.getProperty(key);
                    String other = translated.getProperty(key);
                    assertFalse(en.isBlank(), english + " " + key + " is empty");
                    assertFalse(other.isBlank(), file + " " + key + " is empty");
                    assertEquals(arguments(en), arguments(other), file + " " + key + ": its {n} differ from English");
                }
            }
        }
    }

    @Test
    void everyBeanValidationTextOfCitasInEveryLanguageAndEveryKeyUsed() throws IOException {
        Properties base = load(RESOURCES.resolve("ValidationMessages.properties"));
        for (Locale language : Languages.SUPPORTED) {
            if (!language.equals(Languages.ENGLISH)) {
                Path file = RESOURCES.resolve("ValidationMessages_" + language.toLanguageTag() + ".properties");
                assertEquals(base.stringPropertyNames(), load(file).stringPropertyNames(), file.toString());
            }
        }
        String sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).reduce("", String::concat);
        }
        for (String key : base.stringPropertyNames()) {
            assertTrue(sources.contains("\"{" + key + "}\""), key + " is used by no constraint");
        }
        assertFalse(java.util.regex.Pattern.compile("message = \"[^{]").matcher(sources).find(),
                "a constraint message written in the source: key it in ValidationMessages.properties");
    }

    /** How many arguments the pattern takes (and that it parses as a MessageFormat at all). */
    private static int arguments(String pattern) {
        return new MessageFormat(pattern, Locale.ROOT).getFormatsByArgumentIndex().length;
    }

    @Test
    void aMessageIsWordedInTheLanguageAskedForWithItsArgumentsAsTheyAre() {
        Message message = Problems.text("body-too-large.detail", 65536);
        assertEquals("The request body is larger than 65536 bytes.", message.in(Languages.ENGLISH));
        assertEquals("El cuerpo de la solicitud supera los 65536 bytes.", message.in(Languages.SPANISH));
        assertEquals("The request body is larger than 65536 bytes.", message.in(Locale.FRENCH));
    }
}
