package app.citas.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.WarmupReport.Sample;
import app.citas.dev.WarmupReport.Summary;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up report's "time to 80% of warm throughput" and its files. */
class WarmupReportTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** One sample a second, at 1, 2, 3... seconds since UP. */
    private static List<Sample> perSecond(double... rps) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < rps.length; i++) {
            samples.add(new Sample(i + 1, rps[i]));
        }
        return samples;
    }

    /** {@code head}, then {@code warmSeconds} seconds at 1000 req/s. */
    private static double[] rampThenWarm(double[] head, int warmSeconds) {
        double[] all = new double[head.length + warmSeconds];
        System.arraycopy(head, 0, all, 0, head.length);
        for (int i = head.length; i < all.length; i++) {
            all[i] = 1000;
        }
        return all;
    }

    @Test
    void warmIsTheMedianOfTheLastTwentySecondsAndEightyPercentIsReachedAtTheFirstSecondAtOrAboveIt() {
        double[] rps = rampThenWarm(new double[] {100, 300, 500, 790, 800, 700, 900}, 20);
        rps[rps.length - 1] = 5000; // one outlier in the warm window moves the median no more than one sample

        Summary s = WarmupReport.summarize("warmup_off", perSecond(rps));

        assertEquals(1000, s.warm());
        assertEquals(5.0, s.reached(), "800 >= 0.8 x 1000 at second 5");
        assertEquals(7.0, s.stays(), "second 6 fell back to 700");
        assertEquals(100, s.first());
        assertEquals(27, s.seconds());
        assertTrue(s.meetsTarget());
    }

    @Test
    void earlySecondsDoNotCountTowardsWarmThroughput() {
        double[] rps = rampThenWarm(new double[30], 20); // 30 seconds at 0, then 20 at 1000

        Summary s = WarmupReport.summarize("warmup_off", perSecond(rps));

        assertEquals(1000, s.warm());
        assertEquals(31.0, s.reached());
        assertFalse(s.meetsTarget(), "31 s > 20 s");
    }

    @Test
    void aRunShorterThanTheWarmWindowUsesAllItsSeconds() {
        Summary s = WarmupReport.summarize("warmup_on", perSecond(900, 1000, 1100));

        assertEquals(1000, s.warm());
        assertEquals(1.0, s.reached());
        assertEquals(1.0, s.stays());
    }

    @Test
    void aRunThatEndsBelowEightyPercentNeverStays() {
        Summary s = WarmupReport.summarize("warmup_on", perSecond(1000, 1000, 1000, 100));

        assertEquals(1.0, s.reached());
        assertNull(s.stays());
    }

    @Test
    void samplesAreTakenInTimeOrderWhateverTheCsvOrder(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("warmup.csv");
        Files.writeString(csv, WarmupReport.HEADER + "\nwarmup_on,2.0,1000\nwarmup_on,1.0,100\nwarmup_off,1.0,50\n");

        var runs = WarmupReport.readCsv(csv);

        assertEquals(List.of("warmup_on", "warmup_off"), List.copyOf(runs.keySet()));
        assertEquals(List.of(new Sample(1.0, 100), new Sample(2.0, 1000)), runs.get("warmup_on"));
    }

    @Test
    void refusesAnotherHeader(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("warmup.csv");
        Files.writeString(csv, "seconds,rps\n1,2\n");

        assertThrows(IllegalArgumentException.class, () -> WarmupReport.readCsv(csv));
    }

    @Test
    void writesTheTableAndTheChart(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("warmup.csv");
        StringBuilder rows = new StringBuilder(WarmupReport.HEADER + "\n");
        for (int s = 1; s <= 60; s++) {
            rows.append("warmup_off,").append(s).append(',').append(s < 30 ? 300 : 1000).append('\n');
            rows.append("warmup_on,").append(s).append(',').append(s < 3 ? 500 : 1000).append('\n');
        }
        Files.writeString(csv, rows);
        Path md = dir.resolve("warmup.md");
        Path png = dir.resolve("warmup.png");

        WarmupReport.generate(csv, md, png, "2 cores, 32 connections");

        String text = Files.readString(md);
        assertTrue(text.contains("| warmup_off | 60 | 300 | 1,000 | 30.0 s | 30.0 s | not met |"), text);
        assertTrue(text.contains("| warmup_on | 60 | 500 | 1,000 | 3.0 s | 3.0 s | met |"), text);
        assertTrue(text.contains("2 cores, 32 connections"), text);
        assertTrue(text.contains("](warmup.png)"), text);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1100, image.getWidth());
    }
}
