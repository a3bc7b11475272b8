package dev.loadkit.report.hlog;

import dev.loadkit.core.RunSummary;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.MetricType;
import dev.loadkit.core.report.IntervalSnapshot;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.RunStart;
import dev.loadkit.report.internal.AtomicFiles;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;

/**
 * {@code --hlog FILE}: every trend's histogram of every interval, in HdrHistogram's standard interval log
 * ({@link HistogramLogWriter}), each tagged with its metric's name. Logs of several machines merge
 * exactly, and HdrHistogram's own tools read them. Values are in microseconds. The log grows in a
 * temporary file during the run and takes its name at the end.
 */
final class HistogramLogReporter implements Reporter {

    private final Path file;
    private Path temporary;
    private FileOutputStream out;
    private HistogramLogWriter writer;
    private long startMillis;

    HistogramLogReporter(Path file) {
        this.file = file;
    }

    @Override
    public void onStart(RunStart start) {
        try {
            temporary = AtomicFiles.temporaryFor(file);
            out = new FileOutputStream(temporary.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        writer = new HistogramLogWriter(out);
        startMillis = start.startedAt().toEpochMilli();
        writer.outputComment("loadkit histogram log of " + start.test() + "; values in microseconds");
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMillis);
        writer.setBaseTime(startMillis);
        writer.outputBaseTime(startMillis);
        writer.outputLegend();
    }

    @Override
    public void onInterval(IntervalSnapshot snapshot) {
        long endMillis = startMillis + snapshot.elapsed().toMillis();
        long startOfInterval = endMillis - snapshot.metrics().window().toMillis();
        snapshot.metrics().metrics().stream()
                .filter(metric -> metric.type() == MetricType.TREND)
                .sorted(Comparator.comparing(Metric::name))
                .forEach(metric -> {
                    MetricStats stats = snapshot.metrics().aggregate(metric.name()).orElseThrow();
                    if (stats.distribution().count() == 0) {
                        return;
                    }
                    Histogram histogram = stats.distribution().histogram();
                    histogram.setStartTimeStamp(startOfInterval);
                    histogram.setEndTimeStamp(endMillis);
                    histogram.setTag(metric.name());
                    writer.outputIntervalHistogram(histogram);
                });
    }

    @Override
    public Optional<String> output() {
        return Optional.of("hlog");
    }

    @Override
    public void onEnd(RunSummary summary) throws IOException {
        out.close();
        AtomicFiles.moveInto(temporary, file);
    }
}
