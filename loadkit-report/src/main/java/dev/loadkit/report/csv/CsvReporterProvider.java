package dev.loadkit.report.csv;

import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.ReportOutput;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.ReporterProvider;

import java.util.List;

/** Provides the {@code --csv PREFIX} output. */
public final class CsvReporterProvider implements ReporterProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
    public CsvReporterProvider() {
    }

    @Override
    public List<ReportOutput> outputs() {
        return List.of(new ReportOutput("csv", "PREFIX",
                "Write CSV files as Locust does: PREFIX_stats.csv, PREFIX_stats_history.csv, PREFIX_failures.csv and PREFIX_exceptions.csv."));
    }

    @Override
    public List<Reporter> create(ReportOptions options) {
        return options.output("csv").<List<Reporter>>map(prefix -> List.of(new CsvReporter(prefix))).orElse(List.of());
    }
}
