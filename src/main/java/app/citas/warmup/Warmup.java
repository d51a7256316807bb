package app.citas.warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the hot catalog reads (service and resource pages and details, categories, a service's availability) to the
 * application in process for a time budget, so the JIT has compiled their paths before the node takes traffic. Only
 * GETs, read from the first pages' ids: it writes nothing but catalog cache entries. A failure ends it with one
 * warning and never fails the start.
 */
public final class Warmup {
    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
    static final String SERVICES_PAGE = "services?page=1&size=20";
    static final String RESOURCES_PAGE = "resources?size=20";
    static final String CATEGORIES = "categories";

    /** Where the requests go: a GET of a path under the API root, answered in process. */
    @FunctionalInterface
    public interface Target {
        Reply get(String pathAndQuery) throws Exception;
    }

    public record Reply(int status, byte[] body) {
    }

    /** @param completed false when a failure ended it before its budget */
    public record Result(int requests, Duration took, boolean completed) {
    }

    private final Target target;
    private final ObjectMapper json;
    private final LongSupplier nanoTime;
    private final LocalDate availabilityDate;

    /**
     * @param nanoTime         the clock the budget is measured on ({@code System::nanoTime})
     * @param availabilityDate the date whose availability is asked for
     */
    public Warmup(Target target, ObjectMapper json, LongSupplier nanoTime, LocalDate availabilityDate) {
        this.target = target;
        this.json = json;
        this.nanoTime = nanoTime;
        this.availabilityDate = availabilityDate;
    }

    public Result run(Duration budget) {
        return run(budget, () -> false);
    }

    /** As {@link #run(Duration)}, also ending (after the pages) once {@code stop} says so. */
    public Result run(Duration budget, BooleanSupplier stop) {
        long start = nanoTime.getAsLong();
        long deadline = start + budget.toNanos();
        int requests = 0;
        boolean completed = true;
        String path = SERVICES_PAGE;
        try {
            Reply services = get(path);
            requests++;
            path = RESOURCES_PAGE;
            Reply resources = get(path);
            requests++;
            List<String> paths = hotPaths(ids(services), ids(resources));
            for (int i = 0; nanoTime.getAsLong() < deadline && !stop.getAsBoolean(); i++) {
                path = paths.get(i % paths.size());
                get(path);
                requests++;
            }
        } catch (Exception e) {
            completed = false;
            LOG.warn("warm-up stopped after {} requests: GET {} failed: {}", requests, path, e.toString());
        }
        Duration took = Duration.ofNanos(nanoTime.getAsLong() - start);
        return new Result(requests, took, completed);
    }

    private Reply get(String path) throws Exception {
        Reply reply = target.get(path);
        if (reply.status() >= 500) {
            throw new IllegalStateException("status " + reply.status());
        }
        return reply;
    }

    /** The pages, then each id's detail (and each service's availability) in turn, as one cycle of requests. */
    private List<String> hotPaths(List<Long> services, List<Long> resources) {
        List<String> paths = new ArrayList<>();
        int details = Math.max(1, Math.max(services.size(), resources.size()));
        for (int i = 0; i < details; i++) {
            paths.add(SERVICES_PAGE);
            paths.add(RESOURCES_PAGE);
            paths.add(CATEGORIES);
            if (!services.isEmpty()) {
                long service = services.get(i % services.size());
                paths.add("services/" + service);
                paths.add("services/" + service + "/availability?date=" + availabilityDate);
            }
            if (!resources.isEmpty()) {
                paths.add("resources/" + resources.get(i % resources.size()));
            }
        }
        return paths;
    }

    /** The ids of a page's items; none when the page is empty or not a page. */
    private List<Long> ids(Reply page) {
        List<Long> ids = new ArrayList<>();
        if (page.status() != 200) {
            return ids;
        }
        try {
            for (JsonNode item : json.readTree(page.body()).path("items")) {
                if (item.path("id").canConvertToLong()) {
                    ids.add(item.path("id").asLong());
                }
            }
        } catch (IOException e) {
            LOG.debug("warm-up: could not read ids from a page: {}", e.toString());
        }
        return ids;
    }
}
