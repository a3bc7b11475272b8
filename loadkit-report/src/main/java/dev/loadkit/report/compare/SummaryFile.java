package dev.loadkit.report.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadkit.core.ConfigurationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of a JSON summary that a comparison reads: per request name (and per request metric, for
 * all requests), the measures that can regress.
 */
final class SummaryFile {

    /** The measures compared, by the names {@code --max-regression} uses. */
    static final String[] MEASURES = {"p50", "p90", "p95", "p99", "p99.9", "max", "mean", "rps", "error_rate"};

    private final String name;
    private final Map<String, Map<String, Double>> rows;

    private SummaryFile(String name, Map<String, Map<String, Double>> rows) {
        this.name = name;
        this.rows = rows;
    }

    /** Reads a summary; a file that is missing or not a summary is a usage error. */
    static SummaryFile read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("summary " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigurationException("summary " + file + " is not JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.path("requests").isArray() || !root.path("metrics").isObject()) {
            throw new ConfigurationException("summary " + file + " is not a loadkit JSON summary (no requests and metrics)");
        }
        double seconds = root.path("durationSeconds").asDouble(0);
        Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
        for (JsonNode request : root.get("requests")) {
            String metric = request.path("metric").asText();
            Map<String, Double> row = measures(request, request.path("count").asLong(), request.path("failures").asLong(),
                    request.path("rps").asDouble());
            rows.put(metric + " · " + request.path("name").asText(), row);
            rows.computeIfAbsent("all " + metric, key -> {
                JsonNode all = root.get("metrics").path(metric);
                long count = all.path("count").asLong();
                String counterName = metric.replace("_duration", "s");
                String failedName = metric.replace("_duration", "_failed");
                long failures = root.get("metrics").path(failedName).path("passes").asLong();
                double rps = root.get("metrics").path(counterName).path("rate").asDouble(seconds > 0 ? count / seconds : 0);
                return measures(all, count, failures, rps);
            });
        }
        return new SummaryFile(root.path("test").asText(file.toString()), rows);
    }

    private static Map<String, Double> measures(JsonNode node, long count, long failures, double rps) {
        Map<String, Double> row = new LinkedHashMap<>();
        for (String key : new String[] {"p50", "p90", "p95", "p99", "p99.9", "max", "mean"}) {
            if (node.has(key)) {
                row.put(key, node.get(key).asDouble());
            }
        }
        row.put("rps", rps);
        row.put("error_rate", count == 0 ? 0 : (double) failures / count);
        return row;
    }

    String name() {
        return name;
    }

    Map<String, Map<String, Double>> rows() {
        return rows;
    }
}
