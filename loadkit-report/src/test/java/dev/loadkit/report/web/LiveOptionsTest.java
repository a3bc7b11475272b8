package dev.loadkit.report.web;

import dev.loadkit.core.ExitCode;
import dev.loadkit.core.internal.cli.CommandLineRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A wrong live option is one line that says what to fix, and exit code 2, before any load. */
class LiveOptionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--web=abc|--web abc: give a port from 0 to 65535 after '='",
            "--web --headless|--headless starts nothing interactive: drop it or drop --web",
            "--autostart|--autostart applies to the web dashboard: add --web",
            "--autoquit 5|--autoquit applies to the web dashboard: add --web",
            "--web=0 --autoquit soon|--autoquit soon: give whole seconds",
            "--web-bind example.com|--web-bind example.com: give an IP address of this machine",
            "--prometheus=nine|--prometheus nine: give a port, or an address and a port",
            "--prometheus=IN_USE|--prometheus: cannot listen on 127.0.0.1:",
            "--out nosuch=x|--out nosuch=x: unknown output 'nosuch'; use one of",
            "--out influxdb|--out influxdb: give a target, like --out influxdb=URL[,db=NAME]",
            "--out influxdb=ftp://127.0.0.1|--out influxdb=ftp://127.0.0.1: give an http URL with a host",
            "--out influxdb=http://127.0.0.1:9,db=a;b|the database name 'a;b' may use letters",
            "--out influxdb=http://127.0.0.1:9|--out influxdb=http://127.0.0.1:9,db=loadkit: cannot reach InfluxDB",
    })
    void isOneLineAndExitCodeTwo(String options, String message) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> args = new ArrayList<>(List.of("sim", "-t", "1s"));
            args.addAll(Arrays.asList(options.replace("IN_USE", String.valueOf(taken.getLocalPort())).split(" ")));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CommandLineRunner runner = new CommandLineRunner("sim-test",
                    Map.of("sim", new CommandLineRunner.Scenario("sim", "a simulated service", DashboardRun::simulated)),
                    new PrintStream(out, true), new PrintStream(err, true));

            assertThat(runner.execute(args.toArray(String[]::new))).isEqualTo(ExitCode.USAGE_ERROR);
            List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).startsWith("error: ").contains(message);
            assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("running");
        }
    }
}
