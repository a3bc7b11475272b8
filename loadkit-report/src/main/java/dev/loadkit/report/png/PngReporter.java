package dev.loadkit.report.png;

import dev.loadkit.core.RequestResult;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.report.IntervalSnapshot;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.report.internal.AtomicFiles;
import dev.loadkit.report.internal.RunHistory;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * {@code --png DIR}: charts as PNG files, for places that cannot show HTML (a wiki, a chat, a slide):
 * {@code response_time_by_endpoint.png}, {@code p95_response_time.png}, {@code error_rate_by_endpoint.png}
 * and {@code throughput_over_time.png}. Drawn headless with XChart.
 */
final class PngReporter implements Reporter {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;
    /** Room for one upright label under each bar. */
    private static final int PIXELS_PER_BAR = 40;
    /** The space an upright label needs. */
    private static final int LABEL_SPACING = 20;

    private final Path folder;
    private final RunHistory history = new RunHistory();

    PngReporter(Path folder) {
        this.folder = folder;
    }

    @Override
    public void onInterval(IntervalSnapshot snapshot) {
        history.onInterval(snapshot);
    }

    @Override
    public Optional<String> output() {
        return Optional.of("png");
    }

    @Override
    public void onEnd(RunSummary summary) throws IOException {
        List<RequestResult> requests = summary.requests();
        write("response_time_by_endpoint.png", responseTimes(requests));
        write("error_rate_by_endpoint.png", errorRates(requests));
        write("p95_response_time.png", overTime("p95 response time (ms, from the intended start)", "ms", "p95", RunHistory.Row::p95));
        write("throughput_over_time.png", overTime("Throughput", "requests/s", "requests/s", RunHistory.Row::requestsPerSecond));
    }

    private void write(String name, Chart<?, ?> chart) throws IOException {
        AtomicFiles.write(folder.resolve(name), BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }

    private static CategoryChart responseTimes(List<RequestResult> requests) {
        CategoryChart chart = categoryChart("Response time by endpoint (ms, from the intended start)", "ms", requests.size());
        List<String> names = names(requests);
        chart.addSeries("p50", names, values(requests, request -> request.stats().distribution().percentile(50)));
        chart.addSeries("p95", names, values(requests, request -> request.stats().distribution().percentile(95)));
        chart.addSeries("p99", names, values(requests, request -> request.stats().distribution().percentile(99)));
        return chart;
    }

    static CategoryChart errorRates(List<RequestResult> requests) {
        boolean anyFailed = requests.stream().anyMatch(request -> request.failures() > 0);
        // Empty bars look like a chart that failed to draw: say that there was nothing to draw.
        CategoryChart chart = categoryChart(anyFailed ? "Error rate by endpoint" : "Error rate by endpoint: no errors",
                "% failed", requests.size());
        chart.addSeries("failed", names(requests), values(requests,
                request -> request.count() == 0 ? 0 : 100.0 * request.failures() / request.count()));
        return chart;
    }

    /**
     * A bar chart wide enough for a label under every bar: XChart leaves out labels that would overlap, so the
     * chart grows with the number of bars and the labels stand upright.
     */
    private static CategoryChart categoryChart(String title, String yAxis, int bars) {
        int width = Math.max(WIDTH, 120 + bars * PIXELS_PER_BAR);
        CategoryChart chart = new CategoryChartBuilder().width(width).height(HEIGHT + 120).title(title).yAxisTitle(yAxis).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(90);
        // XChart labels a bar only when bars are further apart than this hint (74 px by default).
        chart.getStyler().setXAxisTickMarkSpacingHint(LABEL_SPACING);
        return chart;
    }

    private XYChart overTime(String title, String yAxis, String series, ToDoubleFunction<RunHistory.Row> value) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("seconds").yAxisTitle(yAxis).build();
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(4);
        List<RunHistory.Row> rows = history.rows();
        double[] seconds = rows.isEmpty() ? new double[] {0} : rows.stream().mapToDouble(RunHistory.Row::elapsedSeconds).toArray();
        double[] values = rows.isEmpty() ? new double[] {0} : rows.stream().mapToDouble(value).toArray();
        chart.addSeries(series, seconds, values);
        return chart;
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setPlotBackgroundColor(Color.WHITE);
    }

    /** A bar chart needs at least one category; a run without requests shows one empty bar. */
    private static List<String> names(List<RequestResult> requests) {
        return requests.isEmpty() ? List.of("no requests") : requests.stream().map(RequestResult::name).toList();
    }

    private static List<Double> values(List<RequestResult> requests, ToDoubleFunction<RequestResult> value) {
        return requests.isEmpty() ? List.of(0.0) : requests.stream().map(request -> value.applyAsDouble(request)).toList();
    }
}
