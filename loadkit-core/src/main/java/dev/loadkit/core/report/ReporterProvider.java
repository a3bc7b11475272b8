package dev.loadkit.core.report;

import java.util.List;
import java.util.Optional;

/**
 * Creates reporters for a run; found with {@link java.util.ServiceLoader}. Add one of your own by listing
 * its class in {@code META-INF/services/dev.loadkit.core.report.ReporterProvider}.
 */
public interface ReporterProvider {

    /**
     * The outputs this provider writes, by the names the command line uses ({@code json} for
     * {@code --json FILE}) and with what {@code --help} says of them. A run fails at its start when an output
     * is asked for that no provider writes.
     *
     * @return the outputs
     */
    List<ReportOutput> outputs();

    /**
     * The reporters for a run.
     *
     * @param options what the user asked for
     * @return the reporters; empty when nothing of this provider was asked for
     */
    List<Reporter> create(ReportOptions options);

    /**
     * The view of a run from the command line that outlives the run, such as the web dashboard, when the
     * options ask for one.
     *
     * @param options what the user asked for
     * @return the view; empty by default
     * @throws dev.loadkit.core.ConfigurationException when the options are wrong (a port in use, a bad address)
     */
    default Optional<LiveView> liveView(ReportOptions options) {
        return Optional.empty();
    }
}
