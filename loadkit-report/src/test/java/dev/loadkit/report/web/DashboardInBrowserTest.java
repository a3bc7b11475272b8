package dev.loadkit.report.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadkit.core.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium}, which CI installs), as a person uses it:
 * starts a test from the page, sees the numbers move, changes the users, stops it and downloads the JSON. The
 * screenshot of the live page lands in {@code target/dashboard.png} (the README's picture is one of them).
 */
class DashboardInBrowserTest {

    @TempDir
    Path folder;

    @Test
    void aPersonStartsWatchesSteersStopsAndDownloads() throws Exception {
        Path downloads = Files.createDirectories(folder.resolve("downloads"));
        try (DashboardRun run = DashboardRun.start("--autoquit", "60");
             Chromium chromium = Chromium.start(Files.createDirectories(folder.resolve("profile")))) {
            chromium.downloadTo(downloads);
            chromium.navigate(run.uri("/").toString());
            chromium.await("!document.getElementById('start').hidden", Duration.ofSeconds(20));
            assertThat(chromium.evaluate("document.getElementById('start-users').value").asText()).isEqualTo("2");

            chromium.evaluate("document.getElementById('start-users').value = '3';"
                    + "document.getElementById('start-run-time').value = '60s';"
                    + "document.getElementById('start-button').click()");
            chromium.await("document.getElementById('phase').textContent === 'running'", Duration.ofSeconds(20));
            chromium.await("Number(document.getElementById('card-requests').textContent.replace(/,/g, '')) > 0",
                    Duration.ofSeconds(20));
            long before = requests(chromium);
            Thread.sleep(2500);
            assertThat(requests(chromium)).as("the numbers move").isGreaterThan(before);
            chromium.await("document.querySelectorAll('#chart-throughput canvas').length > 0", Duration.ofSeconds(10));

            chromium.evaluate("document.getElementById('steer-value').value = '5';"
                    + "document.getElementById('steer-apply').click()");
            chromium.await("document.getElementById('card-users').textContent === '5'", Duration.ofSeconds(20));

            // Strings from the run are text: the request named like an image tag is shown as its characters.
            chromium.await("[...document.querySelectorAll('#requests td')].some(td => td.textContent === "
                    + new ObjectMapper().writeValueAsString(DashboardRun.MARKUP) + ")", Duration.ofSeconds(10));
            assertThat(chromium.evaluate("document.querySelectorAll('main img').length").asInt()).isZero();
            assertThat(chromium.evaluate("document.title").asText()).isNotEqualTo("owned");

            Thread.sleep(1500);
            Files.write(Files.createDirectories(Path.of("target")).resolve("dashboard.png"), chromium.screenshot());

            chromium.evaluate("document.getElementById('stop').click()");
            chromium.await("document.getElementById('phase').textContent === 'finished'", Duration.ofSeconds(40));
            chromium.await("document.getElementById('report-summary.json') !== null", Duration.ofSeconds(10));
            chromium.evaluate("document.getElementById('report-summary.json').click()");
            Path summary = downloads.resolve("summary.json");
            Chromium.await(() -> Files.isRegularFile(summary), Duration.ofSeconds(20), "the JSON downloaded");
            JsonNode json = new ObjectMapper().readTree(summary.toFile());
            assertThat(json.path("exitCode").asInt()).isEqualTo(ExitCode.ABORTED);
            assertThat(json.path("abortReason").asText()).isEqualTo("stopped from the web dashboard");
            assertThat(chromium.pageErrors).isEmpty();
        }
    }

    private static long requests(Chromium chromium) throws Exception {
        return Long.parseLong(chromium.evaluate("document.getElementById('card-requests').textContent").asText()
                .replace(",", ""));
    }
}
