package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.dev.SeedDemo;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The catalog cache's hit ratio on the benchmark's mixed workload, counted (the regions' Hits and Misses), not timed:
 * the demo catalog (200 services, 60 resources), the mix's cached reads (services page 1, resources page 1, the
 * detail of any service) and its staff edits (services 1-20, each edit flipping the price between two values, so every
 * edit changes something). Sequential and seeded: the same counts on every run.
 */
class CatalogMixHitRatioIT {
    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension();
    private static final int EDITED = 20;
    private static Api staff;
    private static final List<Map<String, Object>> BODIES = new ArrayList<>();

    @BeforeAll
    static void demoCatalog() {
        Map<String, String> steps = SeedDemo.steps();
        for (String step : List.of("categories", "services", "resources", "resource services")) {
            CITAS.update(steps.get(step));
        }
        staff = CITAS.staff();
        for (int id = 1; id <= EDITED; id++) {
            JsonNode service = CITAS.api().get("/services/" + id).json();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", service.get("name").asText());
            body.put("description", service.get("description").asText());
            body.put("durationMinutes", service.get("durationMinutes").asInt());
            body.put("price", service.get("price").asText());
            body.put("currency", service.get("currency").asText());
            body.put("categoryId", service.get("category").get("id").asLong());
            List<Long> resources = new ArrayList<>();
            service.get("resources").forEach(r -> resources.add(r.get("id").asLong()));
            body.put("resourceIds", resources);
            body.put("active", true);
            BODIES.add(body);
        }
    }

    private record Counts(long hits, long misses) {
        static Counts now() {
            long hits = 0;
            long misses = 0;
            for (String region : List.of("categories", "services", "resources")) {
                hits += CITAS.cacheCounter(region, "Hits");
                misses += CITAS.cacheCounter(region, "Misses");
            }
            return new Counts(hits, misses);
        }

        Counts minus(Counts before) {
            return new Counts(hits - before.hits, misses - before.misses);
        }

        double ratio() {
            return (double) hits / (hits + misses);
        }
    }

    /**
     * {@code requests} requests: a share {@code editShare} of staff price edits, the rest cached catalog reads (the
     * mix's other requests, bookings and their cancellations, availability and appointment lists, never touch the
     * catalog cache). Returns the counts of the cache lookups.
     */
    private static Counts run(long seed, int requests, double editShare, int[] edits) {
        Random random = new Random(seed);
        Counts before = Counts.now();
        for (int i = 0; i < requests; i++) {
            double r = random.nextDouble();
            Reply reply;
            if (r < editShare) {
                int k = random.nextInt(EDITED);
                Map<String, Object> body = new LinkedHashMap<>(BODIES.get(k));
                BigDecimal price = new BigDecimal((String) body.get("price"));
                body.put("price", (edits[k]++ % 2 == 0 ? price.add(BigDecimal.ONE) : price).toPlainString());
                reply = staff.put("/services/" + (k + 1), body);
                assertEquals(body.get("price"), reply.json().get("price").asText(), "every edit changes the price");
            } else {
                reply = CITAS.api().get(switch (random.nextInt(3)) {
                    case 0 -> "/services?page=1&size=20";
                    case 1 -> "/resources?size=20";
                    default -> "/services/" + (1 + random.nextInt(200));
                });
            }
            assertEquals(200, reply.status(), reply.body());
        }
        return Counts.now().minus(before);
    }

    @Test
    void theMixHitsTheCacheAtLeast95PercentOfTheTime() {
        int[] edits = new int[EDITED];
        run(1, 1000, 0.05, edits); // warm: the mix runs after the other scenarios have filled the cache
        // The benchmark's proportions: 1% edits among all requests, of which half the reads are cached catalog reads.
        Counts bench = run(2, 4000, 0.01 / (0.01 + 0.95 / 2), edits);
        // Stricter: 5% of the requests are edits, every read a cached catalog read.
        Counts strict = run(3, 4000, 0.05, edits);
        System.out.printf(java.util.Locale.ROOT, "catalog mix hit ratio: bench proportions %.4f (%d hits, %d misses); "
                        + "5%% edits %.4f (%d hits, %d misses)%n", bench.ratio(), bench.hits(), bench.misses(),
                strict.ratio(), strict.hits(), strict.misses());
        assertTrue(bench.ratio() >= 0.95, "bench proportions: " + bench);
        assertTrue(strict.ratio() >= 0.95, "5% edits: " + strict);
    }
}
