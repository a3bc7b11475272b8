package dev.loadkit.report.prometheus;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.ReportOutput;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.ReporterProvider;
import dev.loadkit.report.internal.Listening;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Provides {@code --prometheus[=[ADDR:]PORT]}: the run's metrics at {@code /metrics} for a Prometheus that
 * scrapes them while the test runs, without the web dashboard (which serves the same {@code /metrics}).
 */
public final class PrometheusReporterProvider implements ReporterProvider {

    /** The port when {@code --prometheus} has none: the one OpenTelemetry's Prometheus exporter uses. */
    public static final int DEFAULT_PORT = 9464;

    /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
    public PrometheusReporterProvider() {
    }

    @Override
    public List<ReportOutput> outputs() {
        return List.of(ReportOutput.setting("prometheus", "[ADDR:]PORT", "Serve the run's metrics at /metrics for "
                + "Prometheus while it runs (127.0.0.1:" + DEFAULT_PORT + " by default).", String.valueOf(DEFAULT_PORT)));
    }

    @Override
    public List<Reporter> create(ReportOptions options) {
        return options.output("prometheus").<List<Reporter>>map(value -> List.of(new PrometheusEndpoint(address(value))))
                .orElse(List.of());
    }

    static InetSocketAddress address(String value) {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? null : value.substring(0, colon).replaceAll("^\\[|]$", "");
        String port = value.substring(colon + 1);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new ConfigurationException("--prometheus " + value + ": give a port, or an address and a port, like "
                    + "--prometheus=9464 or --prometheus=0.0.0.0:9464 (a scenario's name goes before the options)");
        }
        try {
            InetAddress address = host == null ? InetAddress.getLoopbackAddress() : Listening.literalAddress(host);
            return new InetSocketAddress(address, Integer.parseInt(port));
        } catch (UnknownHostException e) {
            throw new ConfigurationException("--prometheus " + value + ": give an IP address of this machine, like 0.0.0.0:9464");
        }
    }
}
