package dev.loadkit.report.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadkit.core.CheckResult;
import dev.loadkit.core.RequestResult;
import dev.loadkit.core.PhaseResult;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.ThresholdResult;
import dev.loadkit.core.ThresholdWindow;
import dev.loadkit.core.UserClassResult;
import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.report.internal.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;

/**
 * The JSON summary of a run: the contract that other tools (CI scripts, {@code compare}, dashboards) read.
 * Its fields are never renamed or dropped; new ones may be added.
 *
 * <p>Trend values are in milliseconds. A trend has {@code count}, {@code min}, {@code mean}, {@code p50},
 * {@code p75}, {@code p90}, {@code p95}, {@code p99}, {@code p99.9} and {@code max} (and, for timed
 * requests, the same under {@code serviceTime}); a counter has {@code count} and {@code rate} per second; a
 * rate has {@code rate}, {@code passes} and {@code fails}; a gauge has {@code value} and {@code max}.
 */
public final class JsonSummary {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.9};

    private JsonSummary() {
    }

    /**
     * Writes the summary to a file, atomically: readers see the old file or the whole new one.
     *
     * @param summary the run's summary
     * @param file the file
     * @throws IOException when the file cannot be written
     */
    public static void write(RunSummary summary, Path file) throws IOException {
        byte[] json = MAPPER.writeValueAsBytes(toJson(summary));
        AtomicFiles.write(file, json);
    }

    /**
     * The summary as a JSON tree.
     *
     * @param summary the run's summary
     * @return the tree
     */
    public static ObjectNode toJson(RunSummary summary) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("test", summary.test());
        root.put("startedAt", summary.startedAt().toString());
        root.put("endedAt", summary.endedAt().toString());
        root.put("durationSeconds", summary.duration().toNanos() / 1e9);
        root.put("passed", summary.passed());
        root.put("exitCode", summary.exitCode());
        root.put("aborted", summary.aborted());
        if (summary.aborted()) {
            root.put("abortReason", summary.abortReason());
        }
        summary.warnings().forEach(root.putArray("warnings")::add);
        ArrayNode phases = root.putArray("phases");
        for (PhaseResult phase : summary.phases()) {
            ObjectNode phaseNode = phases.addObject();
            phaseNode.put("name", phase.name());
            phaseNode.put("spanSeconds", phase.span().toNanos() / 1e9);
            phase.requests().stream().sorted().forEach(phaseNode.putArray("requests")::add);
        }
        ObjectNode parameters = root.putObject("parameters");
        summary.parameters().forEach(parameters::put);
        ObjectNode metrics = root.putObject("metrics");
        summary.metrics().metrics().stream().sorted(Comparator.comparing(Metric::name))
                .forEach(metric -> metrics.set(metric.name(), metric(summary.metric(metric.name()))));
        ArrayNode requests = root.putArray("requests");
        for (RequestResult request : summary.requests()) {
            ObjectNode entry = requests.addObject();
            entry.put("name", request.name());
            entry.put("metric", request.metric());
            entry.put("type", request.type());
            entry.put("count", request.count());
            entry.put("failures", request.failures());
            entry.put("rps", request.rps());
            distribution(entry, request.stats().distribution());
        }
        ArrayNode thresholds = root.putArray("thresholds");
        for (ThresholdResult threshold : summary.thresholds()) {
            ObjectNode entry = thresholds.addObject();
            entry.put("metric", threshold.metric());
            entry.put("expression", threshold.expression());
            entry.put("condition", threshold.condition());
            entry.put("passed", threshold.passed());
            // JSON has no NaN nor infinity: no samples and no recovery are both null, told apart by actualText.
            if (Double.isFinite(threshold.actual())) {
                entry.put("actual", threshold.actual());
            } else {
                entry.putNull("actual");
            }
            entry.put("actualText", threshold.actualText(Double::toString));
            Optional<ThresholdWindow> judged = summary.thresholdWindows().stream()
                    .filter(window -> window.expression().equals(threshold.expression())).findFirst();
            if (judged.isPresent()) {
                ThresholdWindow window = judged.get();
                ObjectNode windowNode = entry.putObject("window");
                windowNode.put("firstFailedAtSeconds", window.firstFailedAtSeconds());
                windowNode.put("usersAtFirstFailure", window.usersAtFirstFailure());
                windowNode.put("requestRateAtFirstFailure", window.requestRateAtFirstFailure());
                windowNode.put("loadDroppedAtSeconds", window.loadDroppedAtSeconds());
                windowNode.put("recoveredAtSeconds", window.recoveredAtSeconds());
                windowNode.put("recoverySeconds", window.recoverySeconds());
                windowNode.put("generatorLagging", window.generatorLagging());
            }
        }
        ArrayNode checks = root.putArray("checks");
        for (CheckResult check : summary.checks()) {
            checks.addObject().put("name", check.name()).put("passes", check.passes()).put("fails", check.fails());
        }
        ArrayNode errors = root.putArray("errors");
        for (ErrorCount error : summary.errors()) {
            errors.addObject().put("name", error.name()).put("kind", error.kind())
                    .put("message", error.message()).put("count", error.count());
        }
        ArrayNode userClasses = root.putArray("userClasses");
        for (UserClassResult userClass : summary.userClasses()) {
            userClasses.addObject().put("name", userClass.name()).put("weight", userClass.weight())
                    .put("started", userClass.started());
        }
        return root;
    }

    private static ObjectNode metric(MetricStats stats) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", stats.metric().type().name().toLowerCase());
        switch (stats.metric().type()) {
            case TREND -> {
                distribution(node, stats.distribution());
                if (stats.serviceTime() != null) {
                    distribution(node.putObject("serviceTime"), stats.serviceTime());
                }
            }
            case COUNTER -> node.put("count", stats.count()).put("rate", stats.rate());
            case RATE -> node.put("rate", stats.rate()).put("passes", stats.trues()).put("fails", stats.falses());
            case GAUGE -> node.put("value", stats.value()).put("max", stats.max());
        }
        return node;
    }

    private static void distribution(ObjectNode node, Distribution distribution) {
        node.put("count", distribution.count());
        node.put("min", distribution.min());
        node.put("mean", distribution.mean());
        for (double percentile : PERCENTILES) {
            node.put(percentileKey(percentile), distribution.percentile(percentile));
        }
        node.put("max", distribution.max());
    }

    /**
     * The key of a percentile in the JSON summary: {@code p95}, {@code p99.9}.
     *
     * @param percentile the percentile
     * @return the key
     */
    public static String percentileKey(double percentile) {
        return percentile == Math.rint(percentile) ? "p" + (long) percentile : "p" + percentile;
    }
}
