package dev.loadkit.report.web;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.report.LiveView;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.ReportOutput;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.ReporterProvider;
import dev.loadkit.report.internal.Listening;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Provides the live web dashboard: {@code --web[=PORT]} serves it on 127.0.0.1 (port 8089 by default), with
 * Prometheus's {@code /metrics} and a JSON API; {@code --web-bind ADDR} serves it on another address, behind a
 * token printed at the start; without {@code --autostart} the run starts from the page; after the run the page
 * stays, with the reports to download, until Ctrl-C or {@code --autoquit SECONDS}.
 */
public final class WebDashboardProvider implements ReporterProvider {

    /** The dashboard's port when {@code --web} has none: Locust's. */
    public static final int DEFAULT_PORT = 8089;

    /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
    public WebDashboardProvider() {
    }

    @Override
    public List<ReportOutput> outputs() {
        return List.of(
                ReportOutput.setting("web", "PORT", "Serve a live dashboard on 127.0.0.1 (port " + DEFAULT_PORT
                        + " by default; --web=0 picks a free one): charts, a table per request, thresholds, errors, "
                        + "control of the users, /metrics for Prometheus and a JSON API.", String.valueOf(DEFAULT_PORT)),
                ReportOutput.setting("web-bind", "ADDR", "Serve the dashboard on this address instead (0.0.0.0 for every "
                        + "one); every call then needs the token printed at the start.", null),
                ReportOutput.flag("autostart", "With --web: start the run at once, not from the page."),
                ReportOutput.setting("autoquit", "SECONDS",
                        "With --web: exit this long after the run (default: stay until Ctrl-C).", null));
    }

    @Override
    public List<Reporter> create(ReportOptions options) {
        return List.of();
    }

    @Override
    public Optional<LiveView> liveView(ReportOptions options) {
        boolean web = options.output("web").isPresent() || options.output("web-bind").isPresent();
        if (!web) {
            for (String option : List.of("autostart", "autoquit")) {
                if (options.output(option).isPresent()) {
                    throw new ConfigurationException("--" + option + " applies to the web dashboard: add --web");
                }
            }
            return Optional.empty();
        }
        return Optional.of(new WebDashboard(settings(options), System.out));
    }

    static DashboardSettings settings(ReportOptions options) {
        String portText = options.output("web").orElse(String.valueOf(DEFAULT_PORT));
        if (!portText.matches("\\d{1,5}") || Integer.parseInt(portText) > 65535) {
            throw new ConfigurationException("--web " + portText + ": give a port from 0 to 65535 after '=', like --web=8089"
                    + " (a scenario's name goes before the options)");
        }
        InetAddress bind;
        String token = null;
        Optional<String> bindText = options.output("web-bind");
        try {
            bind = bindText.isPresent() ? Listening.literalAddress(bindText.get()) : InetAddress.getLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigurationException("--web-bind " + bindText.get() + ": give an IP address of this machine, like 0.0.0.0");
        }
        // Whoever asks for another address than the default means others to reach it: a token, whatever the address.
        if (bindText.isPresent()) {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            token = HexFormat.of().formatHex(random);
        }
        Optional<Duration> autoquit = options.output("autoquit").map(seconds -> {
            if (!seconds.matches("\\d{1,9}")) {
                throw new ConfigurationException("--autoquit " + seconds + ": give whole seconds, like --autoquit 60");
            }
            return Duration.ofSeconds(Long.parseLong(seconds));
        });
        return new DashboardSettings(bind, Integer.parseInt(portText), token, options.output("autostart").isPresent(), autoquit);
    }
}
