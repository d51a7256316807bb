package app.citas.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Prometheus text exposition as samples, and the series a Grafana dashboard's PromQL expressions select. */
final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A metric selected by an expression, with its equality label matchers (those without a Grafana variable). */
    record Selector(String name, Map<String, String> labels) {
    }

    static List<Sample> parse(String exposition) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.find()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
        }
        return samples;
    }

    /** Every `expr` of the dashboard's panels, in order. */
    static List<String> expressions(Path dashboard) throws IOException {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : new ObjectMapper().readTree(dashboard.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        return expressions;
    }

    /**
     * The metrics an expression selects: identifiers that are not functions (followed by a parenthesis), keywords,
     * label names of a grouping clause, a matcher or a range.
     */
    static Set<Selector> selectors(String expression) {
        Map<String, Map<String, String>> byName = new LinkedHashMap<>();
        String rest = expression.replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
        Matcher selector = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*})?").matcher(rest);
        while (selector.find()) {
            String name = selector.group(1);
            boolean function = rest.substring(selector.end(1)).stripLeading().startsWith("(");
            if (function || KEYWORDS.contains(name) || !IDENTIFIER.matcher(name).matches()) {
                continue;
            }
            Map<String, String> labels = byName.computeIfAbsent(name, n -> new LinkedHashMap<>());
            if (selector.group(2) != null) {
                Matcher matcher = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"([^\"]*)\"").matcher(selector.group(2));
                while (matcher.find()) {
                    if (!matcher.group(2).contains("$")) {
                        labels.put(matcher.group(1), matcher.group(2));
                    }
                }
            }
        }
        Set<Selector> selectors = new LinkedHashSet<>();
        byName.forEach((name, labels) -> selectors.add(new Selector(name, labels)));
        return selectors;
    }

    private PrometheusText() {
    }
}
