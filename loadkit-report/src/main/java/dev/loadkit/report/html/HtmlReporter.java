package dev.loadkit.report.html;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadkit.core.CheckResult;
import dev.loadkit.core.ExitCode;
import dev.loadkit.core.PhaseResult;
import dev.loadkit.core.RequestResult;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.ThresholdResult;
import dev.loadkit.core.ThresholdWindow;
import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.report.IntervalSnapshot;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.report.internal.AtomicFiles;
import dev.loadkit.report.internal.MetricText;
import dev.loadkit.report.internal.RequestTotals;
import dev.loadkit.report.internal.RunHistory;
import dev.loadkit.report.internal.Text;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code --html FILE}: one self-contained HTML file that opens anywhere without a network: the verdict
 * and thresholds, throughput, users and errors over time, latency percentiles over time, the latency
 * spectrum, a table per request name, checks, errors and the run's parameters. The chart library
 * (uPlot) is inlined from its webjar. Every string from the test, the target or the user is escaped.
 */
final class HtmlReporter implements Reporter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

    private final Path file;
    private final RunHistory history = new RunHistory();

    HtmlReporter(Path file) {
        this.file = file;
    }

    @Override
    public void onInterval(IntervalSnapshot snapshot) {
        history.onInterval(snapshot);
    }

    @Override
    public Optional<String> output() {
        return Optional.of("html");
    }

    @Override
    public void onEnd(RunSummary summary) throws IOException {
        AtomicFiles.write(file, render(summary, history).getBytes(StandardCharsets.UTF_8));
    }

    static String render(RunSummary summary, RunHistory history) {
        String uplotJs = resource(UPLOT + "uPlot.iife.min.js").replaceAll("//# sourceMappingURL=.*", "");
        return resource("dev/loadkit/report/html/report.html")
                .replace("{{title}}", Text.xml("loadkit: " + summary.test()))
                .replace("{{uplotCss}}", resource(UPLOT + "uPlot.min.css").replace("</", "<\\/"))
                .replace("{{body}}", body(summary))
                .replace("{{data}}", data(summary, history))
                .replace("{{uplotJs}}", uplotJs.replace("</script", "<\\/script"));
    }

    private static String body(RunSummary summary) {
        RequestTotals totals = RequestTotals.of(summary.metrics());
        double seconds = Math.max(summary.duration().toNanos() / 1e9, 1e-9);
        StringBuilder html = new StringBuilder();
        html.append("<header><h1>").append(Text.xml(summary.test())).append("</h1>")
                .append(verdict(summary))
                .append("<span class=\"meta\">").append(Text.xml(summary.startedAt().truncatedTo(ChronoUnit.SECONDS).toString())).append(" · ")
                .append(Text.number(seconds, 1)).append(" s</span></header>\n<main>\n");
        html.append("<div class=\"cards\">")
                .append(card("requests", Long.toString(totals.count())))
                .append(card("requests/s", Text.number(totals.count() / seconds, 1)))
                .append(card("failed", totals.count() == 0 ? "0%" : Text.number(100.0 * totals.failures() / totals.count(), 2) + "%"))
                .append(card("p95 latency", Text.number(totals.percentile(95), 2) + " ms"))
                .append(card("p99 latency", Text.number(totals.percentile(99), 2) + " ms"))
                .append(card("peak users", Long.toString(summary.metric("vus").max())))
                .append("</div>\n");
        if (!summary.warnings().isEmpty()) {
            html.append("<section class=\"warnings\"><h2>Warnings</h2><ul>");
            summary.warnings().forEach(warning -> html.append("<li>").append(Text.xml(warning)).append("</li>"));
            html.append("</ul></section>\n");
        }
        if (summary.aborted()) {
            html.append("<section><h2>Aborted</h2><p>").append(Text.xml(summary.abortReason())).append("</p></section>\n");
        }
        thresholds(summary, html);
        metrics(summary, html);
        html.append("<section><h2>Over time</h2><div class=\"charts\"><div class=\"chart\" id=\"chart-throughput\"></div>")
                .append("<div class=\"chart\" id=\"chart-latency\"></div>")
                .append("<div class=\"chart\" id=\"chart-statuses\"></div><div class=\"chart\" id=\"chart-requests\"></div>")
                .append("</div></section>\n")
                .append("<section><h2>Latency distribution</h2><div class=\"chart\" id=\"chart-spectrum\"></div></section>\n");
        requests(summary, html);
        checks(summary, html);
        errors(summary, html);
        html.append("<section><h2>Parameters</h2><table>");
        summary.parameters().forEach((name, value) -> html.append("<tr><th>").append(Text.xml(name)).append("</th><td>")
                .append(Text.xml(value)).append("</td></tr>"));
        html.append("</table></section>\n</main>\n<footer>Made by loadkit · latency is measured from each request's "
                + "intended start, so it includes the waits that coordinated omission would hide.</footer>\n");
        return html.toString();
    }

    /** A section per driver (and for the run's own and the custom metrics): every metric the run recorded. */
    private static void metrics(RunSummary summary, StringBuilder html) {
        Map<String, List<MetricStats>> groups = new LinkedHashMap<>();
        for (MetricStats stats : MetricText.recorded(summary.metrics())) {
            groups.computeIfAbsent(MetricText.group(stats.metric().name()), group -> new ArrayList<>()).add(stats);
        }
        groups.forEach((group, metrics) -> {
            html.append("<section class=\"metrics\"><h2>").append(Text.xml(group)).append("</h2><table>");
            metrics.forEach(stats -> html.append("<tr><td><code>").append(Text.xml(stats.metric().name())).append("</code></td><td>")
                    .append(Text.xml(MetricText.value(stats))).append("</td></tr>"));
            html.append("</table></section>\n");
        });
    }

    private static String verdict(RunSummary summary) {
        boolean failed = summary.thresholds().stream().anyMatch(threshold -> !threshold.passed());
        if (failed || summary.exitCode() == ExitCode.THRESHOLD_FAILED) {
            return "<span class=\"verdict failed\">FAILED</span>";
        }
        if (summary.aborted()) {
            return "<span class=\"verdict aborted\">ABORTED</span>";
        }
        // A run that sent nothing proved nothing: never a green badge.
        if (summary.requests().stream().mapToLong(RequestResult::count).sum() == 0) {
            return "<span class=\"verdict aborted\">NOTHING SENT</span>";
        }
        return "<span class=\"verdict passed\">PASSED</span>";
    }

    private static String card(String label, String value) {
        return "<div class=\"card\"><div class=\"value\">" + Text.xml(value) + "</div><div class=\"label\">"
                + Text.xml(label) + "</div></div>";
    }

    private static void thresholds(RunSummary summary, StringBuilder html) {
        if (summary.thresholds().isEmpty()) {
            return;
        }
        html.append("<section><h2>Thresholds</h2><table><tr><th>verdict</th><th>threshold</th><th class=\"num\">actual</th></tr>");
        for (ThresholdResult threshold : summary.thresholds()) {
            html.append("<tr><td class=\"").append(threshold.passed() ? "pass\">pass" : "fail\">fail").append("</td><td><code>")
                    .append(Text.xml(threshold.expression())).append("</code></td><td class=\"num\">")
                    .append(threshold.actualText(value -> Text.number(value, 3)))
                    .append("</td></tr>");
        }
        html.append("</table></section>\n");
    }

    private static void requests(RunSummary summary, StringBuilder html) {
        if (summary.requests().isEmpty()) {
            return;
        }
        html.append("<section><h2>Requests</h2><table><tr><th>name</th><th>metric</th><th class=\"num\">requests</th>")
                .append("<th class=\"num\">failed</th><th class=\"num\">req/s</th><th class=\"num\">p50 ms</th>")
                .append("<th class=\"num\">p90 ms</th><th class=\"num\">p95 ms</th><th class=\"num\">p99 ms</th>")
                .append("<th class=\"num\">max ms</th></tr>");
        for (RequestResult request : summary.requests()) {
            Distribution latency = request.stats().distribution();
            html.append("<tr><td>").append(Text.xml(request.name())).append("</td><td>").append(Text.xml(request.metric()))
                    .append("</td>").append(numberCell(Long.toString(request.count())))
                    .append(numberCell(Long.toString(request.failures())))
                    .append(numberCell(Text.number(request.rps(), 1)))
                    .append(numberCell(Text.number(latency.percentile(50), 2)))
                    .append(numberCell(Text.number(latency.percentile(90), 2)))
                    .append(numberCell(Text.number(latency.percentile(95), 2)))
                    .append(numberCell(Text.number(latency.percentile(99), 2)))
                    .append(numberCell(Text.number(latency.max(), 2))).append("</tr>");
        }
        html.append("</table></section>\n");
    }

    private static void checks(RunSummary summary, StringBuilder html) {
        if (summary.checks().isEmpty()) {
            return;
        }
        html.append("<section><h2>Checks</h2><table><tr><th>check</th><th class=\"num\">passed</th><th class=\"num\">failed</th></tr>");
        for (CheckResult check : summary.checks()) {
            html.append("<tr><td class=\"").append(check.fails() == 0 ? "pass" : "fail").append("\">")
                    .append(Text.xml(check.name())).append("</td>").append(numberCell(Long.toString(check.passes())))
                    .append(numberCell(Long.toString(check.fails()))).append("</tr>");
        }
        html.append("</table></section>\n");
    }

    private static void errors(RunSummary summary, StringBuilder html) {
        if (summary.errors().isEmpty()) {
            return;
        }
        html.append("<section><h2>Errors</h2><table><tr><th class=\"num\">count</th><th>name</th><th>kind</th><th>message</th></tr>");
        for (ErrorCount error : summary.errors()) {
            html.append("<tr>").append(numberCell(Long.toString(error.count()))).append("<td>").append(Text.xml(error.name()))
                    .append("</td><td>").append(Text.xml(error.kind())).append("</td><td>").append(Text.xml(error.message()))
                    .append("</td></tr>");
        }
        html.append("</table></section>\n");
    }

    private static String numberCell(String value) {
        return "<td class=\"num\">" + Text.xml(value) + "</td>";
    }

    /** The charts' data as JSON, safe inside a script element: no {@code <} survives as such. */
    private static String data(RunSummary summary, RunHistory history) {
        ObjectNode data = JSON.createObjectNode();
        ArrayNode rows = data.putArray("history");
        for (RunHistory.Row row : history.rows()) {
            rows.addObject().put("t", round(row.elapsedSeconds())).put("users", row.users())
                    .put("rps", round(row.requestsPerSecond())).put("fps", round(row.failuresPerSecond()))
                    .put("p50", latency(row.p50())).put("p95", latency(row.p95())).put("p99", latency(row.p99()));
        }
        marks(summary, data.putArray("marks"));
        byKey(data.putObject("statuses"), history, row -> row.statuses(), keys(history, RunHistory.Row::statuses, STATUS_SERIES));
        byKey(data.putObject("requests"), history, row -> row.p95ByName(), busiest(summary));
        ArrayNode spectrum = data.putArray("spectrum");
        RequestTotals totals = RequestTotals.of(summary.metrics());
        if (totals.distribution() != null && totals.count() > 0) {
            Histogram histogram = totals.distribution().histogram();
            for (HistogramIterationValue value : histogram.percentiles(5)) {
                double percentile = value.getPercentileLevelIteratedTo();
                if (percentile >= 100) {
                    break;
                }
                spectrum.addObject().put("nines", round(-Math.log10(1 - percentile / 100)))
                        .put("ms", value.getValueIteratedTo() / 1000.0);
            }
        }
        return data.toString().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    /** At most this many series in a chart by status, or by request name: the busiest. */
    private static final int STATUS_SERIES = 8;
    private static final int REQUEST_SERIES = 8;

    /** A chart's series: for each key, its value in each interval ({@code null} when the interval had none). */
    private static void byKey(ObjectNode chart, RunHistory history, Function<RunHistory.Row, Map<String, ? extends Number>> values,
                              List<String> keys) {
        ArrayNode names = chart.putArray("keys");
        keys.forEach(names::add);
        ArrayNode series = chart.putArray("series");
        for (String key : keys) {
            ArrayNode points = series.addArray();
            for (RunHistory.Row row : history.rows()) {
                Number value = values.apply(row).get(key);
                if (value == null) {
                    points.addNull();
                } else {
                    points.add(round(value.doubleValue()));
                }
            }
        }
    }

    /** The keys seen in any interval, at most {@code limit}, in order. */
    private static List<String> keys(RunHistory history, Function<RunHistory.Row, Map<String, Long>> values, int limit) {
        return history.rows().stream().flatMap(row -> values.apply(row).keySet().stream()).distinct().sorted().limit(limit).toList();
    }

    /** The request names with the most requests over the run. */
    private static List<String> busiest(RunSummary summary) {
        return summary.requests().stream().sorted(Comparator.comparingLong(RequestResult::count).reversed())
                .map(RequestResult::name).distinct().limit(REQUEST_SERIES).toList();
    }

    /**
     * What the time charts mark with a vertical line: where each phase of a sequence began, where a threshold
     * first broke, where the load then dropped (not the run's own end) and where it recovered.
     */
    private static void marks(RunSummary summary, ArrayNode marks) {
        double start = 0;
        for (PhaseResult phase : summary.phases()) {
            marks.addObject().put("t", round(start)).put("label", "phase " + phase.name()).put("color", "#8250df");
            start += phase.span().toNanos() / 1e9;
        }
        for (ThresholdWindow window : summary.thresholdWindows()) {
            if (window.firstFailedAtSeconds() == null) {
                continue;
            }
            marks.addObject().put("t", round(window.firstFailedAtSeconds())).put("label", "breaking point: " + window.expression())
                    .put("color", "#cf222e");
            if (window.loadDroppedAtSeconds() != null) {
                marks.addObject().put("t", round(window.loadDroppedAtSeconds())).put("label", "load dropped").put("color", "#6e7781");
                if (window.recoveredAtSeconds() != null) {
                    marks.addObject().put("t", round(window.recoveredAtSeconds())).put("label", "recovered: " + window.expression())
                            .put("color", "#1a7f37");
                }
            }
        }
    }

    /** A latency, or {@code null} (a gap in the chart) for an interval without requests. */
    private static Double latency(double value) {
        return Double.isNaN(value) ? null : round(value);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReporter.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
