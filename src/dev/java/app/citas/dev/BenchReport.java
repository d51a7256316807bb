package app.citas.dev;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * scripts/bench-report.sh: turns the benchmark results (docs/bench/results.csv, written by scripts/bench.sh) into
 * docs/performance.md and the charts docs/bench/throughput.png and docs/bench/latency-p99.png.
 *
 * <p>Per (configuration, scenario, connections) it takes the median over the repeats of every measured figure, except
 * errors and 409 conflicts, which are summed. {@code n/a} (or an empty field) is "not measured": it is left out of
 * medians and sums, and a figure with no measured value is shown as n/a. Nothing is ever estimated or filled in.
 *
 * <p>Options: {@code --csv FILE} (docs/bench/results.csv), {@code --machine FILE} (docs/bench/machine.txt),
 * {@code --out FILE} (docs/performance.md), {@code --charts DIR} (docs/bench), {@code --date YYYY-MM-DD} (today).
 */
public final class BenchReport {

    static final String HEADER = "configuration,scenario,connections,repeat,duration_s,requests,rps,p50_ms,p90_ms,p99_ms,"
            + "errors,conflicts,sql_per_request,cache_hit_ratio,cpu_percent,rss_mb";
    static final List<String> METRICS = List.of("duration_s", "requests", "rps", "p50_ms", "p90_ms", "p99_ms", "errors",
            "conflicts", "sql_per_request", "cache_hit_ratio", "cpu_percent", "rss_mb");
    /** Summed over repeats; every other metric is a median. */
    static final Set<String> SUMMED = Set.of("errors", "conflicts");

    static final List<String> SCENARIO_ORDER = List.of("services_page", "service_detail", "resources_page",
            "availability", "availability_month", "appointments_staff", "appointments_user", "book_cancel", "mixed",
            "limit");
    static final String LIMIT = "limit";
    static final String MIXED = "mixed";
    static final String DEFAULT = "default";
    static final String CACHE_ON = "cache_on";
    static final String CACHE_OFF = "cache_off";
    static final String QUOTA_OFF = "quota_off";
    /** Endpoints that return a page of a list (the predecessor's "list endpoints"). */
    static final List<String> LIST_ENDPOINTS = List.of("services_page", "resources_page", "appointments_staff",
            "appointments_user");
    /** Reads served by the catalog cache. */
    static final List<String> CATALOG_READS = List.of("services_page", "service_detail", "resources_page");
    /** The reads that must reach half the limit endpoint's throughput. */
    static final List<String> LIMIT_TARGET_READS = List.of("services_page", "service_detail");
    static final int PREFERRED_CONNECTIONS = 32;
    static final int HIGH_CONNECTIONS = 128;

    private BenchReport() {
    }

    // ------------------------------------------------------------------------------------------------ data

    record Key(String configuration, String scenario, int connections) {
    }

    /** One CSV row: the metrics, null where the field was n/a. */
    record Run(Key key, String repeat, Map<String, Double> values) {
    }

    /** The repeats of one (configuration, scenario, connections) folded: medians, and sums for errors/conflicts. */
    record Aggregate(Key key, int runs, Map<String, Double> values, Set<String> partial) {
        Double get(String metric) {
            return values.get(metric);
        }

        /** True when a summed metric was n/a in some (not all) repeats: the sum covers only the measured ones. */
        boolean isPartial(String metric) {
            return partial.contains(metric);
        }
    }

    /** Everything the report is made of. */
    record Data(List<Run> runs, Map<Key, Aggregate> aggregates, List<String> configurations, List<String> scenarios,
            List<Integer> connections) {

        Aggregate get(String configuration, String scenario, int connections) {
            return aggregates.get(new Key(configuration, scenario, connections));
        }

        Double value(String configuration, String scenario, int connections, String metric) {
            Aggregate a = get(configuration, scenario, connections);
            return a == null ? null : a.get(metric);
        }

        boolean has(String configuration) {
            return configurations.contains(configuration);
        }

        List<Integer> connectionsOf(String configuration, String scenario) {
            return connections.stream().filter(c -> get(configuration, scenario, c) != null).toList();
        }

        /** 32 connections when measured, else the highest count measured. */
        int referenceConnections() {
            if (connections.contains(PREFERRED_CONNECTIONS) || connections.isEmpty()) {
                return PREFERRED_CONNECTIONS;
            }
            return connections.get(connections.size() - 1);
        }

        /** The configurations measured with the catalog cache on: default (the cache's default) and cache_on. */
        List<String> cachedConfigurations() {
            return configurations.stream().filter(c -> c.equals(DEFAULT) || c.equals(CACHE_ON)).toList();
        }

        /** The configuration whose catalog cache is on: cache_on when measured, else default (the cache's default). */
        String cachedConfiguration() {
            if (has(CACHE_ON)) {
                return CACHE_ON;
            }
            if (has(DEFAULT)) {
                return DEFAULT;
            }
            return null;
        }

        /** The configuration everything else is described from: default when measured, else the first one. */
        String primaryConfiguration() {
            return has(DEFAULT) ? DEFAULT : configurations.isEmpty() ? null : configurations.get(0);
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    static List<Run> readCsv(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        int headerLine = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                headerLine = i;
                break;
            }
        }
        if (headerLine < 0) {
            return List.of();
        }
        List<String> header = splitCsv(lines.get(headerLine).replace("\uFEFF", ""));
        Map<String, Integer> column = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            column.put(header.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        for (String required : List.of("configuration", "scenario", "connections")) {
            if (!column.containsKey(required)) {
                throw new IllegalArgumentException(csv + ": the header has no '" + required + "' column (expected "
                        + HEADER + ")");
            }
        }
        for (String metric : METRICS) {
            if (!column.containsKey(metric)) {
                System.err.println("bench-report: " + csv + " has no '" + metric + "' column; shown as n/a");
            }
        }
        List<Run> runs = new ArrayList<>();
        for (int i = headerLine + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            List<String> f = splitCsv(line);
            String where = csv.getFileName() + ":" + (i + 1);
            String configuration = field(f, column, "configuration");
            String scenario = field(f, column, "scenario");
            String connections = field(f, column, "connections");
            if (configuration == null || scenario == null || connections == null) {
                throw new IllegalArgumentException(where + ": configuration, scenario and connections are required");
            }
            int conns;
            try {
                conns = Integer.parseInt(connections);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": connections is not a whole number: " + connections);
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (String metric : METRICS) {
                values.put(metric, number(field(f, column, metric), where, metric));
            }
            String repeat = field(f, column, "repeat");
            runs.add(new Run(new Key(configuration, scenario, conns), repeat == null ? "" : repeat, values));
        }
        return runs;
    }

    private static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static String field(List<String> fields, Map<String, Integer> column, String name) {
        Integer i = column.get(name);
        if (i == null || i >= fields.size()) {
            return null;
        }
        String v = fields.get(i).strip();
        return v.isEmpty() ? null : v;
    }

    /** A measured number, or null for n/a; anything else unparseable is an error rather than a guess. */
    private static Double number(String raw, String where, String metric) {
        if (raw == null) {
            return null;
        }
        String v = raw.toLowerCase(Locale.ROOT);
        if (v.equals("n/a") || v.equals("na") || v.equals("nan") || v.equals("-")) {
            return null;
        }
        if (v.endsWith("%")) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + metric + " is neither a number nor n/a: " + raw);
        }
    }

    // ------------------------------------------------------------------------------------------------ folding

    /** The median of the values (the mean of the middle two for an even count); null when there are none. */
    static Double median(Collection<Double> values) {
        List<Double> v = values.stream().filter(Objects::nonNull).sorted().toList();
        if (v.isEmpty()) {
            return null;
        }
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2.0;
    }

    static Map<Key, Aggregate> aggregate(List<Run> runs) {
        Map<Key, List<Run>> byKey = runs.stream()
                .collect(Collectors.groupingBy(Run::key, LinkedHashMap::new, Collectors.toList()));
        Map<Key, Aggregate> out = new LinkedHashMap<>();
        byKey.forEach((key, group) -> {
            Map<String, Double> values = new LinkedHashMap<>();
            Set<String> partial = new TreeSet<>();
            for (String metric : METRICS) {
                List<Double> measured = group.stream().map(r -> r.values().get(metric)).filter(Objects::nonNull)
                        .toList();
                if (SUMMED.contains(metric)) {
                    values.put(metric, measured.isEmpty() ? null
                            : measured.stream().mapToDouble(Double::doubleValue).sum());
                    if (!measured.isEmpty() && measured.size() < group.size()) {
                        partial.add(metric);
                    }
                } else {
                    values.put(metric, median(measured));
                }
            }
            out.put(key, new Aggregate(key, group.size(), values, partial));
        });
        return out;
    }

    static Data load(Path csv) throws IOException {
        List<Run> runs = readCsv(csv);
        Map<Key, Aggregate> aggregates = aggregate(runs);
        List<String> configurations = new ArrayList<>(
                runs.stream().map(r -> r.key().configuration()).collect(Collectors.toCollection(LinkedHashSet::new)));
        if (configurations.remove(DEFAULT)) {
            configurations.add(0, DEFAULT);
        }
        Set<String> seen = runs.stream().map(r -> r.key().scenario()).collect(Collectors.toSet());
        List<String> scenarios = new ArrayList<>(SCENARIO_ORDER.stream().filter(seen::contains).toList());
        seen.stream().filter(s -> !SCENARIO_ORDER.contains(s)).sorted().forEach(scenarios::add);
        List<Integer> connections = runs.stream().map(r -> r.key().connections()).distinct().sorted().toList();
        return new Data(runs, aggregates, configurations, scenarios, connections);
    }

    // ------------------------------------------------------------------------------------------------ comparisons

    /** A candidate configuration measured against a baseline. */
    record Pair(String candidate, String baseline) {
    }

    /**
     * The configuration pairs to compare, each only when both were measured: {@code X_on} against {@code X_off};
     * {@code default} against each {@code default_X} (stock settings of X, e.g. default_tomcat); any other
     * configuration against {@code default}.
     */
    static List<Pair> pairs(List<String> configurations) {
        Set<String> present = new LinkedHashSet<>(configurations);
        List<Pair> pairs = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (String c : configurations) {
            if (c.endsWith("_on")) {
                String off = c.substring(0, c.length() - 3) + "_off";
                if (present.contains(off)) {
                    pairs.add(new Pair(c, off));
                    used.add(c);
                    used.add(off);
                }
            }
        }
        if (present.contains(DEFAULT)) {
            // Features are on by default: without an X_on run, default is the "on" side of X_off.
            for (String c : configurations) {
                String on = c.endsWith("_off") ? c.substring(0, c.length() - 4) + "_on" : null;
                if (on != null && !present.contains(on)) {
                    pairs.add(new Pair(DEFAULT, c));
                    used.add(c);
                }
            }
            for (String c : configurations) {
                if (c.startsWith(DEFAULT + "_")) {
                    pairs.add(new Pair(DEFAULT, c));
                    used.add(c);
                }
            }
            for (String c : configurations) {
                if (!c.equals(DEFAULT) && !used.contains(c)) {
                    pairs.add(new Pair(c, DEFAULT));
                }
            }
        }
        return pairs;
    }

    static Double ratio(Double a, Double b) {
        return a == null || b == null || b == 0 ? null : a / b;
    }

    /** How much lower {@code candidate} is than {@code baseline}, as a fraction (negative when higher). */
    static Double reduction(Double candidate, Double baseline) {
        return candidate == null || baseline == null || baseline == 0 ? null : 1 - candidate / baseline;
    }

    // ------------------------------------------------------------------------------------------------ formatting

    static String fmt(Double v, int decimals) {
        if (v == null) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    static String rps(Double v) {
        return v == null ? "n/a" : fmt(v, v < 100 ? 1 : 0);
    }

    static String ms(Double v) {
        if (v == null) {
            return "n/a";
        }
        return fmt(v, v < 10 ? 2 : v < 100 ? 1 : 0);
    }

    /** cache_hit_ratio is a fraction 0..1; a value above 1 is read as already being a percentage. */
    static Double hitPercent(Double ratio) {
        return ratio == null ? null : ratio > 1 ? ratio : ratio * 100;
    }

    static String percent(Double fraction) {
        return fraction == null ? "n/a" : fmt(fraction * 100, 0) + "%";
    }

    static String times(Double r) {
        return r == null ? "n/a" : fmt(r, r < 10 ? 2 : 1) + "×";
    }

    static String lower(Double reduction) {
        if (reduction == null) {
            return "n/a";
        }
        return reduction >= 0 ? percent(reduction) + " lower" : percent(-reduction) + " higher";
    }

    static String count(Aggregate a, String metric) {
        Double v = a.get(metric);
        if (v == null) {
            return "n/a";
        }
        return (a.isPartial(metric) ? "≥" : "") + fmt(v, 0);
    }

    private static String code(String s) {
        return "`" + s + "`";
    }

    // ------------------------------------------------------------------------------------------------ report

    record Options(Path csv, Path machine, Path out, Path chartsDir, LocalDate date) {
        /** The CSV as named in the report: relative to the project directory when inside it. */
        String csvLabel() {
            Path project = Path.of(System.getProperty("citas.projectDir", ".")).toAbsolutePath().normalize();
            Path abs = csv.toAbsolutePath().normalize();
            return (abs.startsWith(project) ? project.relativize(abs) : abs).toString().replace('\\', '/');
        }
    }

    /** Writes the markdown and the charts; returns the markdown. */
    static String generate(Options o) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (!Files.isRegularFile(o.csv())) {
            throw new IllegalArgumentException(o.csv() + " not found: run scripts/bench.sh first");
        }
        Data data = load(o.csv());
        Files.createDirectories(o.chartsDir());
        Path outDir = o.out().toAbsolutePath().getParent();
        Files.createDirectories(outDir);
        Path throughputPng = o.chartsDir().resolve("throughput.png");
        Path latencyPng = o.chartsDir().resolve("latency-p99.png");
        boolean charts = !data.aggregates().isEmpty();
        if (charts) {
            writeThroughputChart(data, throughputPng);
            writeLatencyChart(data, latencyPng);
        }
        String md = markdown(data, o, charts ? link(outDir, throughputPng) : null,
                charts ? link(outDir, latencyPng) : null);
        Files.writeString(o.out(), md, StandardCharsets.UTF_8);
        return md;
    }

    private static String link(Path from, Path to) {
        return from.relativize(to.toAbsolutePath()).toString().replace('\\', '/');
    }

    static String markdown(Data d, Options o, String throughputLink, String latencyLink) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Performance\n\n");
        md.append("> Generated by `scripts/bench.sh` (through `scripts/bench-report.sh`) on ").append(o.date())
                .append(" from `").append(o.csvLabel()).append("`; do not edit: rerun `scripts/bench-report.sh` instead.\n\n");
        int ref = d.referenceConnections();
        md.append("Every figure is the **median over the repeats** of one configuration × scenario × connection count ")
                .append("(errors and 409 conflicts are **summed** over the repeats). `n/a` means not measured; nothing ")
                .append("here is estimated. Measured: ").append(d.runs().size()).append(" runs, configurations ")
                .append(d.configurations().stream().map(BenchReport::code).collect(Collectors.joining(", ")))
                .append(", connections ").append(d.connections().stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")))
                .append(".\n\n");

        machine(md, o.machine());
        reproduce(md);

        md.append("## Charts\n\n");
        if (throughputLink == null) {
            md.append("No results, so no charts.\n\n");
        } else {
            md.append("![Requests per second by scenario](").append(throughputLink).append(")\n\n");
            md.append("![p99 latency by scenario and configuration](").append(latencyLink).append(")\n\n");
        }

        scenarios(md, d);
        comparisons(md, d);
        predecessor(md, d, ref);
        targets(md, d);
        return md.toString();
    }

    private static void machine(StringBuilder md, Path machine) throws IOException {
        md.append("## Machine\n\n");
        if (machine != null && Files.isRegularFile(machine)) {
            List<String> lines = Files.readAllLines(machine, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty()) {
                md.append("`docs/bench/machine.txt` is empty.\n\n");
            }
            for (String l : lines) {
                md.append("- ").append(l).append('\n');
            }
            md.append('\n');
        } else {
            md.append("Not recorded (`docs/bench/machine.txt` is missing).\n\n");
        }
    }

    private static void reproduce(StringBuilder md) {
        md.append("## How to reproduce\n\n");
        md.append("```sh\n");
        md.append("scripts/bench.sh          # the standard run: writes docs/bench/results.csv and machine.txt, ")
                .append("then this page\n");
        md.append("scripts/bench.sh --long   # the long run\n");
        md.append("scripts/bench-report.sh   # only regenerates this page and the charts from docs/bench/results.csv\n");
        md.append("```\n\n");
    }

    private static void scenarios(StringBuilder md, Data d) {
        md.append("## Results by scenario\n\n");
        if (d.scenarios().isEmpty()) {
            md.append("No results.\n\n");
            return;
        }
        md.append("Columns: median requests per second; median p50/p90/p99 latency in ms; errors and 409 conflicts ")
                .append("summed over the runs (≥ when some runs did not report them); SQL statements per request; ")
                .append("cache hit ratio; process CPU % (100% = one core); resident memory in MB; and ")
                .append("**× limit**, the throughput as a fraction of the `limit` endpoint's at the same configuration ")
                .append("and connection count (how much of the container's ceiling the scenario reaches).\n\n");
        for (String scenario : d.scenarios()) {
            md.append("### ").append(code(scenario)).append("\n\n");
            md.append("| configuration | connections | runs | req/s | p50 ms | p90 ms | p99 ms | errors | 409s "
                    + "| SQL/request | cache hits | CPU % | RSS MB | × limit |\n");
            md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
            for (String cfg : d.configurations()) {
                for (int c : d.connectionsOf(cfg, scenario)) {
                    Aggregate a = d.get(cfg, scenario, c);
                    String ofLimit = scenario.equals(LIMIT) ? "1.00 (ref.)"
                            : fmt(ratio(a.get("rps"), d.value(cfg, LIMIT, c, "rps")), 2);
                    Double hits = hitPercent(a.get("cache_hit_ratio"));
                    md.append("| ").append(code(cfg)).append(" | ").append(c).append(" | ").append(a.runs())
                            .append(" | ").append(rps(a.get("rps")))
                            .append(" | ").append(ms(a.get("p50_ms")))
                            .append(" | ").append(ms(a.get("p90_ms")))
                            .append(" | ").append(ms(a.get("p99_ms")))
                            .append(" | ").append(count(a, "errors"))
                            .append(" | ").append(count(a, "conflicts"))
                            .append(" | ").append(fmt(a.get("sql_per_request"), 2))
                            .append(" | ").append(hits == null ? "n/a" : fmt(hits, 1) + "%")
                            .append(" | ").append(fmt(a.get("cpu_percent"), 0))
                            .append(" | ").append(fmt(a.get("rss_mb"), 0))
                            .append(" | ").append(ofLimit).append(" |\n");
                }
            }
            md.append('\n');
        }
    }

    private static void comparisons(StringBuilder md, Data d) {
        md.append("## Configuration comparisons\n\n");
        List<Pair> pairs = pairs(d.configurations());
        if (pairs.isEmpty()) {
            md.append("Only ").append(d.configurations().stream().map(BenchReport::code)
                    .collect(Collectors.joining(", "))).append(" measured: nothing to compare yet. ")
                    .append("Comparisons appear when a run has e.g. `cache_on` and `cache_off`, `virtual_threads` ")
                    .append("and `default`, or `default` and `default_tomcat`.\n\n");
            return;
        }
        md.append("Throughput ratio (candidate req/s ÷ baseline req/s; above 1× is faster) and p50 reduction ")
                .append("(how much lower the candidate's median latency is) per scenario, at each connection count ")
                .append("both configurations measured.\n\n");
        for (Pair p : pairs) {
            md.append("### ").append(code(p.candidate())).append(" vs ").append(code(p.baseline())).append("\n\n");
            List<Integer> conns = d.connections().stream().filter(c -> d.scenarios().stream()
                    .anyMatch(s -> d.get(p.candidate(), s, c) != null && d.get(p.baseline(), s, c) != null)).toList();
            if (conns.isEmpty()) {
                md.append("No scenario measured at the same connection count in both.\n\n");
                continue;
            }
            md.append("| scenario |");
            conns.forEach(c -> md.append(" req/s ratio @").append(c).append(" |"));
            conns.forEach(c -> md.append(" p50 reduction @").append(c).append(" |"));
            md.append("\n|---|");
            md.append("--:|".repeat(conns.size() * 2)).append('\n');
            for (String s : d.scenarios()) {
                if (conns.stream().noneMatch(c -> d.get(p.candidate(), s, c) != null
                        && d.get(p.baseline(), s, c) != null)) {
                    continue;
                }
                md.append("| ").append(code(s)).append(" |");
                for (int c : conns) {
                    md.append(' ').append(times(ratio(d.value(p.candidate(), s, c, "rps"),
                            d.value(p.baseline(), s, c, "rps")))).append(" |");
                }
                for (int c : conns) {
                    md.append(' ').append(percent(reduction(d.value(p.candidate(), s, c, "p50_ms"),
                            d.value(p.baseline(), s, c, "p50_ms")))).append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
    }

    private static void predecessor(StringBuilder md, Data d, int ref) {
        md.append("## The predecessor's claims, measured\n\n");
        md.append("The previous implementation's write-up claimed the figures on the left; the right column is what ")
                .append("this run measured (at ").append(ref).append(" connections unless said otherwise).\n\n");
        md.append("| predecessor's claim | ours |\n|---|---|\n");
        String cacheOn = d.cachedConfiguration();
        boolean cachePair = cacheOn != null && d.has(CACHE_OFF);
        String notYet = !d.has(CACHE_OFF) ? "not measured yet (needs `cache_off` configuration)"
                : "not measured yet (needs `cache_on` configuration)";
        String latency = notYet;
        String throughput = notYet;
        if (cachePair) {
            latency = perScenario(LIST_ENDPOINTS, d, s -> lower(reduction(d.value(cacheOn, s, ref, "p50_ms"),
                    d.value(CACHE_OFF, s, ref, "p50_ms"))), s -> d.get(cacheOn, s, ref) != null
                            && d.get(CACHE_OFF, s, ref) != null);
            latency = latency == null ? "`cache_on`/`cache_off` measured no list endpoint at " + ref + " connections"
                    : "p50, `" + cacheOn + "` (cache on) vs `cache_off`: " + latency;
            List<String> nonLimit = d.scenarios().stream().filter(s -> !s.equals(LIMIT)).toList();
            throughput = perScenario(nonLimit, d, s -> times(ratio(d.value(cacheOn, s, ref, "rps"),
                    d.value(CACHE_OFF, s, ref, "rps"))), s -> d.get(cacheOn, s, ref) != null
                            && d.get(CACHE_OFF, s, ref) != null);
            throughput = throughput == null ? "`cache_on`/`cache_off` share no scenario at " + ref + " connections"
                    : "req/s, `" + cacheOn + "` (cache on) ÷ `cache_off`: " + throughput;
        }
        md.append("| 30–50% lower latency on list endpoints | ").append(latency).append(" |\n");
        md.append("| 3–5x throughput | ").append(throughput).append(" |\n");

        String cached = d.cachedConfiguration();
        String queries;
        if (cached == null) {
            queries = "n/a (neither `default` nor `cache_on` measured)";
        } else {
            String ours = perScenario(LIST_ENDPOINTS, d, s -> {
                String v = fmt(d.value(cached, s, ref, "sql_per_request"), 2);
                if (cachePair) {
                    v += " (uncached " + fmt(d.value(CACHE_OFF, s, ref, "sql_per_request"), 2) + ")";
                }
                return v;
            }, s -> d.get(cached, s, ref) != null);
            queries = ours == null ? "no list endpoint measured at " + ref + " connections"
                    : "SQL statements per request, " + code(cached) + ": " + ours;
            queries += ". No reduction can be stated: the predecessor's N+1 baseline was never measured, so it is "
                    + "unknown";
        }
        md.append("| 40–60% fewer queries per request | ").append(queries).append(" |\n");

        String hits;
        if (cached == null) {
            hits = "n/a";
        } else {
            List<String> hitScenarios = new ArrayList<>(List.of(MIXED));
            hitScenarios.addAll(CATALOG_READS);
            String ours = perScenario(hitScenarios, d, s -> {
                Double h = hitPercent(d.value(cached, s, ref, "cache_hit_ratio"));
                return h == null ? "n/a" : fmt(h, 1) + "%";
            }, s -> d.get(cached, s, ref) != null);
            hits = ours == null ? "n/a" : "cache hit ratio, " + code(cached) + ": " + ours;
        }
        md.append("| 70–90% cache hits | ").append(hits).append(" |\n\n");
    }

    /** "a X, b Y" over the scenarios that exist and pass {@code measured}; null when none does. */
    private static String perScenario(List<String> scenarios, Data d, Function<String, String> value,
            java.util.function.Predicate<String> measured) {
        List<String> parts = scenarios.stream().filter(d.scenarios()::contains).filter(measured)
                .map(s -> code(s) + " " + value.apply(s)).toList();
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    enum Status {
        PASS("pass"), FAIL("**fail**"), NOT_MEASURED("not measured");

        final String text;

        Status(String text) {
            this.text = text;
        }
    }

    record Verdict(Status status, String evidence) {
    }

    /** One checked point of a target. */
    private record Check(boolean ok, String text) {
    }

    /** How many checked points a target's evidence lists. */
    private static final int SHOWN_CHECKS = 4;

    private static Verdict verdict(List<Check> checks, String none) {
        if (checks.isEmpty()) {
            return new Verdict(Status.NOT_MEASURED, none);
        }
        boolean ok = checks.stream().allMatch(Check::ok);
        List<Check> shown = ok ? checks : checks.stream().filter(c -> !c.ok()).toList();
        String evidence = (ok ? "all " + checks.size() + " measured points meet it: "
                : shown.size() + " of " + checks.size() + " measured points miss it: ")
                + shown.stream().limit(SHOWN_CHECKS).map(Check::text).collect(Collectors.joining("; "))
                + (shown.size() > SHOWN_CHECKS ? "; … and " + (shown.size() - SHOWN_CHECKS) + " more (see the tables)"
                        : "");
        return new Verdict(ok ? Status.PASS : Status.FAIL, evidence);
    }

    static Verdict cacheSpeedupTarget(Data d) {
        String cacheOn = d.cachedConfiguration();
        if (cacheOn == null || !d.has(CACHE_OFF)) {
            return new Verdict(Status.NOT_MEASURED, "needs `cache_on` and `cache_off` configurations");
        }
        List<Check> checks = new ArrayList<>();
        for (String s : CATALOG_READS) {
            for (int c : d.connections()) {
                Double r = ratio(d.value(cacheOn, s, c, "rps"), d.value(CACHE_OFF, s, c, "rps"));
                Double p = reduction(d.value(cacheOn, s, c, "p50_ms"), d.value(CACHE_OFF, s, c, "p50_ms"));
                if (r != null && p != null) {
                    checks.add(new Check(r >= 10 && p >= 0.80,
                            code(s) + " @" + c + ": " + times(r) + ", p50 " + lower(p)));
                }
            }
        }
        return verdict(checks, "`cache_on` and `cache_off` share no catalog read measured with req/s and p50");
    }

    static Verdict mixedHitsTarget(Data d) {
        List<String> cached = d.cachedConfigurations();
        if (cached.isEmpty()) {
            return new Verdict(Status.NOT_MEASURED, "needs `default` or `cache_on`");
        }
        List<Check> checks = new ArrayList<>();
        for (String cfg : cached) {
            for (int c : d.connections()) {
                Double h = hitPercent(d.value(cfg, MIXED, c, "cache_hit_ratio"));
                if (h != null) {
                    checks.add(new Check(h > 95, code(cfg) + " @" + c + ": " + fmt(h, 1) + "%"));
                }
            }
        }
        return verdict(checks, "no cache hit ratio for `mixed` in " + names(cached));
    }

    private static String names(List<String> configurations) {
        return configurations.stream().map(BenchReport::code).collect(Collectors.joining(" or "));
    }

    static Verdict limitFractionTarget(Data d) {
        List<String> cached = d.cachedConfigurations();
        if (cached.isEmpty()) {
            return new Verdict(Status.NOT_MEASURED, "needs `default` or `cache_on`");
        }
        List<Check> checks = new ArrayList<>();
        for (String cfg : cached) {
            for (String s : LIMIT_TARGET_READS) {
                for (int c : d.connections()) {
                    Double f = ratio(d.value(cfg, s, c, "rps"), d.value(cfg, LIMIT, c, "rps"));
                    if (f != null) {
                        checks.add(new Check(f >= 0.5, code(cfg) + " " + code(s) + " @" + c + ": " + fmt(f, 2)
                                + " × limit"));
                    }
                }
            }
        }
        return verdict(checks, "needs `services_page`/`service_detail` and `limit` at the same connections in "
                + names(cached));
    }

    /**
     * The quota filter's cost on the cached reads at 32 connections: {@code default} (quotas on, limits raised)
     * against {@code quota_off}, at most 10% of the throughput lost and at most 0.3 ms added to the p50.
     */
    static Verdict quotaCostTarget(Data d) {
        if (!d.has(DEFAULT) || !d.has(QUOTA_OFF)) {
            return new Verdict(Status.NOT_MEASURED, "needs `default` and `quota_off` configurations");
        }
        int c = PREFERRED_CONNECTIONS;
        List<Check> checks = new ArrayList<>();
        for (String s : CATALOG_READS) {
            Double lost = reduction(d.value(DEFAULT, s, c, "rps"), d.value(QUOTA_OFF, s, c, "rps"));
            Double on = d.value(DEFAULT, s, c, "p50_ms");
            Double off = d.value(QUOTA_OFF, s, c, "p50_ms");
            if (lost != null && on != null && off != null) {
                double added = on - off;
                checks.add(new Check(lost <= 0.10 && added <= 0.3, code(s) + " @" + c + ": "
                        + (lost >= 0 ? fmt(lost * 100, 1) + "% fewer" : fmt(-lost * 100, 1) + "% more")
                        + " req/s, p50 " + (added >= 0 ? "+" : "−") + fmt(Math.abs(added), 2) + " ms"));
            }
        }
        return verdict(checks, "`default` and `quota_off` share no catalog read with req/s and p50 at " + c
                + " connections");
    }

    static final String STAFF_LIST = "appointments_staff";

    /**
     * The staff's unfiltered appointment list over the demo set's 100k appointments: at least 0.013 × `limit` (10 × the
     * predecessor's ~90 req/s here) at every connection count, and p99 under 100 ms at 128 connections.
     */
    static Verdict staffListTarget(Data d) {
        String cfg = d.primaryConfiguration();
        if (cfg == null) {
            return new Verdict(Status.NOT_MEASURED, "nothing measured");
        }
        List<Check> checks = new ArrayList<>();
        for (int c : d.connections()) {
            Double f = ratio(d.value(cfg, STAFF_LIST, c, "rps"), d.value(cfg, LIMIT, c, "rps"));
            if (f != null) {
                checks.add(new Check(f >= 0.013, code(STAFF_LIST) + " @" + c + ": " + fmt(f, 3) + " × limit"));
            }
        }
        Double p99 = d.value(cfg, STAFF_LIST, HIGH_CONNECTIONS, "p99_ms");
        if (p99 != null) {
            checks.add(new Check(p99 < 100, code(STAFF_LIST) + " p99 @" + HIGH_CONNECTIONS + ": " + fmt(p99, 1) + " ms"));
        }
        return verdict(checks, "needs `appointments_staff` and `limit` at the same connections in " + code(cfg));
    }

    static Verdict zeroErrorsTarget(Data d) {
        List<Check> checks = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String cfg : d.configurations()) {
            for (String s : d.scenarios()) {
                Aggregate a = d.get(cfg, s, HIGH_CONNECTIONS);
                if (a == null) {
                    continue;
                }
                Double e = a.get("errors");
                if (e == null) {
                    unknown.add(code(cfg) + " " + code(s));
                } else {
                    checks.add(new Check(e == 0, code(cfg) + " " + code(s) + ": " + count(a, "errors") + " errors"));
                }
            }
        }
        Verdict v = verdict(checks, "nothing measured at " + HIGH_CONNECTIONS + " connections");
        if (v.status() == Status.PASS) {
            v = new Verdict(Status.PASS, "0 errors in all " + checks.size() + " configuration × scenario cells");
        }
        if (!unknown.isEmpty()) {
            v = new Verdict(v.status() == Status.PASS ? Status.NOT_MEASURED : v.status(),
                    v.evidence() + "; errors not reported (n/a) for " + String.join(", ", unknown));
        }
        return v;
    }

    private static void targets(StringBuilder md, Data d) {
        md.append("## Targets\n\n");
        md.append("| target | status | evidence |\n|---|---|---|\n");
        md.append("| SQL statements per request constant in the page size | not measured here | not measurable ")
                .append("from this CSV (one page size per scenario); enforced by the `StatementCountIT` test |\n");
        row(md, "cached catalog reads ≥10× the uncached throughput with ≥80% lower p50 "
                + "(`services_page`, `service_detail`, `resources_page`; `cache_on` vs `cache_off`)",
                cacheSpeedupTarget(d));
        row(md, ">95% cache hits on `mixed`", mixedHitsTarget(d));
        row(md, "cached reads ≥ 0.5 × the `limit` endpoint's throughput (`services_page`, `service_detail` vs "
                + "`limit` at the same connections)", limitFractionTarget(d));
        row(md, "quota filter ≤ 0.3 ms p50 and ≤ 10% of throughput (`default` vs `quota_off` on `services_page`/"
                + "`service_detail`/`resources_page` at " + PREFERRED_CONNECTIONS + ")", quotaCostTarget(d));
        row(md, "staff appointment list ≥ 0.013 × `limit` (10 × the predecessor) and p99 < 100 ms at "
                + HIGH_CONNECTIONS + " connections", staffListTarget(d));
        row(md, "zero errors at " + HIGH_CONNECTIONS + " connections (every configuration and scenario; 409s "
                + "are not errors)", zeroErrorsTarget(d));
        md.append('\n');
        md.append("The cache hit and `limit` targets are checked on every connection count of `default` (whose ")
                .append("catalog cache is on: `CITAS_CACHE_ENABLED=true`) and `cache_on`, whichever were measured.\n");
    }

    private static void row(StringBuilder md, String target, Verdict v) {
        md.append("| ").append(target).append(" | ").append(v.status().text).append(" | ").append(v.evidence())
                .append(" |\n");
    }

    // ------------------------------------------------------------------------------------------------ charts

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 560;

    /** Tableau 10: distinct hues that stay apart for the common colour-vision deficiencies. */
    private static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759),
        new Color(0x76B7B2), new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
        new Color(0x9C755F), new Color(0xBAB0AC)};

    static void style(AxesChartStyler s) {
        s.setSeriesColors(PALETTE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.WHITE);
        s.setBaseFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setChartTitleBoxVisible(false);
        s.setAntiAlias(true);
    }

    /** Log scale when the positive values span more than 20×; never when one is ≤ 0. */
    private static boolean logScale(Collection<Double> values) {
        List<Double> v = values.stream().filter(Objects::nonNull).toList();
        if (v.isEmpty() || v.stream().anyMatch(x -> x <= 0)) {
            return false;
        }
        double min = v.stream().mapToDouble(Double::doubleValue).min().orElse(1);
        double max = v.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        return max / min > 20;
    }

    /** The power of ten just below the smallest value, or just above the largest. */
    private static double decade(List<Double> values, boolean up) {
        List<Double> v = values.stream().filter(Objects::nonNull).toList();
        double x = up ? v.stream().mapToDouble(Double::doubleValue).max().orElse(1)
                : v.stream().mapToDouble(Double::doubleValue).min().orElse(1);
        double e = Math.log10(x);
        return Math.pow(10, up ? Math.ceil(e) : Math.floor(e));
    }

    /**
     * A grouped bar chart of one metric at one connection count: scenarios along x, a series per configuration.
     * Returns null when no configuration measured it.
     */
    private static CategoryChart bars(Data d, String metric, int connections, String title, String yTitle) {
        List<String> scenarios = d.scenarios().stream().filter(s -> d.configurations().stream()
                .anyMatch(cfg -> d.value(cfg, s, connections, metric) != null)).toList();
        if (scenarios.isEmpty()) {
            return null;
        }
        List<Double> all = new ArrayList<>();
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("scenario").yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(25);
        chart.getStyler().setAvailableSpaceFill(0.8);
        for (String cfg : d.configurations()) {
            List<Double> ys = scenarios.stream().map(s -> d.value(cfg, s, connections, metric)).toList();
            if (ys.stream().allMatch(Objects::isNull)) {
                continue;
            }
            all.addAll(ys);
            // XChart draws no bar for a null value: a scenario a configuration did not measure stays empty.
            chart.addSeries(cfg, scenarios, new ArrayList<>(ys));
        }
        if (logScale(all)) {
            // XChart counts a missing (null) bar as ≤ 0 on a log axis unless the axis range is given.
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(decade(all, false));
            chart.getStyler().setYAxisMax(decade(all, true));
            chart.setYAxisTitle(yTitle + " (log scale)");
        }
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        return chart;
    }

    /** req/s against connections, a line per scenario, for one configuration. */
    private static XYChart throughputByConnections(Data d, String cfg) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Throughput vs connections (" + cfg + ", median of repeats)")
                .xAxisTitle("connections (log scale)").yAxisTitle("requests / s").build();
        style(chart.getStyler());
        List<Double> all = new ArrayList<>();
        for (String s : d.scenarios()) {
            List<Integer> conns = d.connectionsOf(cfg, s).stream()
                    .filter(c -> d.value(cfg, s, c, "rps") != null).toList();
            if (conns.isEmpty()) {
                continue;
            }
            List<Double> ys = conns.stream().map(c -> d.value(cfg, s, c, "rps")).toList();
            all.addAll(ys);
            XYSeries series = chart.addSeries(s, conns.stream().map(Integer::doubleValue).toList(), ys);
            series.setMarker(SeriesMarkers.CIRCLE);
            if (s.equals(LIMIT)) {
                series.setLineColor(Color.BLACK);
                series.setMarkerColor(Color.BLACK);
                series.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT,
                        java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            }
        }
        if (all.isEmpty()) {
            return null;
        }
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        if (logScale(all)) {
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(decade(all, false));
            chart.getStyler().setYAxisMax(decade(all, true));
            chart.setYAxisTitle("requests / s (log scale)");
        }
        return chart;
    }

    private static void writeThroughputChart(Data d, Path png) throws IOException {
        int ref = d.referenceConnections();
        List<Chart<?, ?>> charts = new ArrayList<>();
        CategoryChart bars = bars(d, "rps", ref, "Throughput by scenario at " + ref + " connections (median of "
                + "repeats)", "requests / s");
        if (bars != null) {
            charts.add(bars);
        }
        String primary = d.primaryConfiguration();
        XYChart lines = primary == null ? null : throughputByConnections(d, primary);
        if (lines != null) {
            charts.add(lines);
        }
        save(charts, png, "no req/s measured");
    }

    private static void writeLatencyChart(Data d, Path png) throws IOException {
        List<Integer> counts = new ArrayList<>();
        counts.add(d.referenceConnections());
        if (d.connections().contains(HIGH_CONNECTIONS) && !counts.contains(HIGH_CONNECTIONS)) {
            counts.add(HIGH_CONNECTIONS);
        }
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (int c : counts) {
            CategoryChart chart = bars(d, "p99_ms", c, "p99 latency by scenario and configuration at " + c
                    + " connections (median of repeats)", "p99 latency (ms)");
            if (chart != null) {
                charts.add(chart);
            }
        }
        save(charts, png, "no p99 measured");
    }

    /** Stacks the charts vertically in one PNG; with none, an empty chart that says why. */
    private static void save(List<Chart<?, ?>> charts, Path png, String why) throws IOException {
        if (charts.isEmpty()) {
            CategoryChart empty = new CategoryChartBuilder().width(WIDTH).height(200).title(why).build();
            style(empty.getStyler());
            empty.getStyler().setLegendVisible(false);
            empty.addSeries("-", List.of("-"), List.of(0));
            charts = List.of(empty);
        }
        try {
            if (charts.size() == 1) {
                BitmapEncoder.saveBitmap(charts.get(0), png.toString(), BitmapFormat.PNG);
            } else {
                BitmapEncoder.saveBitmap(charts, charts.size(), 1, png.toString(), BitmapFormat.PNG);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    // ------------------------------------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path project = Path.of(System.getProperty("citas.projectDir", ".")).toAbsolutePath().normalize();
        Path csv = project.resolve("docs/bench/results.csv");
        Path machine = project.resolve("docs/bench/machine.txt");
        Path out = project.resolve("docs/performance.md");
        Path charts = project.resolve("docs/bench");
        LocalDate date = LocalDate.now();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println("usage: scripts/bench-report.sh [--csv FILE] [--machine FILE] [--out FILE] "
                        + "[--charts DIR] [--date YYYY-MM-DD]");
                return;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--csv" -> csv = Path.of(v);
                case "--machine" -> machine = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--charts" -> charts = Path.of(v);
                case "--date" -> date = LocalDate.parse(v);
                default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
            }
        }
        try {
            generate(new Options(csv, machine, out, charts, date));
        } catch (IllegalArgumentException e) {
            System.err.println("bench-report: " + e.getMessage());
            System.exit(2);
        }
        System.out.println("Wrote " + out + ", " + charts.resolve("throughput.png") + " and "
                + charts.resolve("latency-p99.png"));
    }
}
