package dev.loadkit.report.influxdb;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.ReportOutput;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.ReporterProvider;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Provides {@code --out influxdb=URL[,db=NAME]} (also {@code --influxdb URL}): every metric streamed to InfluxDB 1.x
 * while the test runs, as k6's {@code --out influxdb} does, under the same metric names and tags. The database is
 * the URL's path (k6's {@code http://127.0.0.1:8086/k6}), or {@code db=NAME}, or {@code loadkit}; it is created
 * when missing, before the run starts.
 */
public final class InfluxDbReporterProvider implements ReporterProvider {

    /** The database when the URL names none. */
    public static final String DEFAULT_DATABASE = "loadkit";

    /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
    public InfluxDbReporterProvider() {
    }

    @Override
    public List<ReportOutput> outputs() {
        return List.of(ReportOutput.setting("influxdb", "URL[,db=NAME]", "Stream every metric to InfluxDB 1.x while "
                + "the test runs, as k6's --out influxdb (database 'loadkit' unless named).", null));
    }

    @Override
    public List<Reporter> create(ReportOptions options) {
        return options.output("influxdb").<List<Reporter>>map(value -> List.of(InfluxDbReporter.connect(target(value))))
                .orElse(List.of());
    }

    /** The server's base URL and the database, from {@code URL[,db=NAME]}. */
    static InfluxDbReporter.Target target(String value) {
        String url = value;
        String database = null;
        int comma = value.indexOf(',');
        if (comma >= 0) {
            url = value.substring(0, comma);
            for (String option : value.substring(comma + 1).split(",")) {
                if (!option.startsWith("db=") || option.length() == 3) {
                    throw new ConfigurationException("--out influxdb=" + value + ": the only option is db=NAME, like "
                            + "--out influxdb=http://127.0.0.1:8086,db=loadkit");
                }
                database = option.substring(3);
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigurationException("--out influxdb=" + value + ": not a URL (" + e.getReason()
                    + "); give one like http://127.0.0.1:8086");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ConfigurationException("--out influxdb=" + value + ": give an http URL with a host, like http://127.0.0.1:8086");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        if (database == null) {
            database = path.isEmpty() ? DEFAULT_DATABASE : path;
        }
        if (!database.matches("[A-Za-z0-9_.-]+")) {
            throw new ConfigurationException("--out influxdb=" + value + ": the database name '" + database
                    + "' may use letters, digits, '_', '.' and '-' only");
        }
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        return new InfluxDbReporter.Target(URI.create(base), database);
    }
}
