package dev.loadkit.report.png;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The four PNG charts of a real run: valid images, with something drawn on them. */
class PngReporterTest {

    @TempDir
    Path folder;

    @Test
    void writesTheFourCharts() throws Exception {
        SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(10)).failureRate(0.2).build();
        UserClass user = UserClass.named("user").task("a", session -> service.call(session, "get vm")).build();
        Path charts = folder.resolve("charts");
        LoadTest.named("png").users(user).protocol(service).workload(Workload.constantUsers(2, Duration.ofSeconds(2)))
                .build().execute(RunOptions.builder().reports(new ReportOptions(Map.of("png", charts.toString()), true, true)).build());

        for (String name : List.of("response_time_by_endpoint.png", "p95_response_time.png", "error_rate_by_endpoint.png",
                "throughput_over_time.png")) {
            BufferedImage image = ImageIO.read(charts.resolve(name).toFile());
            assertThat(image).as(name).isNotNull();
            assertThat(image.getWidth()).isEqualTo(1000);
            // The bar charts are taller: their labels stand upright under the bars.
            assertThat(image.getHeight()).isEqualTo(name.endsWith("endpoint.png") ? 680 : 560);
            assertThat(colouredPixels(image)).as(name + " has bars or lines").isGreaterThan(100);
        }
    }

    /** Pixels that are neither white nor grey: the chart's series, not its frame or text. */
    private static int colouredPixels(BufferedImage image) {
        int count = 0;
        for (int x = 0; x < image.getWidth(); x += 2) {
            for (int y = 0; y < image.getHeight(); y += 2) {
                int rgb = image.getRGB(x, y);
                int red = rgb >> 16 & 0xFF;
                int green = rgb >> 8 & 0xFF;
                int blue = rgb & 0xFF;
                if (Math.max(red, Math.max(green, blue)) - Math.min(red, Math.min(green, blue)) > 60) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void barChartsGrowWithTheirBarsAndAChartWithoutErrorsSaysSo() throws Exception {
        SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(1)).build();
        UserClass.Builder user = UserClass.named("user");
        for (int i = 0; i < 30; i++) {
            String name = "request number " + i;
            user.task("task " + i, session -> service.call(session, name));
        }
        Path charts = folder.resolve("many");
        LoadTest.named("png").users(user.build()).protocol(service).workload(Workload.perUserIterations(1, 300, Duration.ofSeconds(30)))
                .build().execute(RunOptions.builder().reports(new ReportOptions(Map.of("png", charts.toString()), true, true)).build());

        BufferedImage bars = ImageIO.read(charts.resolve("response_time_by_endpoint.png").toFile());
        assertThat(bars.getWidth()).isGreaterThanOrEqualTo(29 * 40);
        assertThat(PngReporter.errorRates(List.of()).getTitle()).isEqualTo("Error rate by endpoint: no errors");
    }
}
