package dev.loadkit.core.internal.metrics;

import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.MetricsSnapshot;
import dev.loadkit.core.metrics.RequestMetric;
import dev.loadkit.core.metrics.RequestSeries;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.core.report.FirstError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MetricRegistryTest {

    private static final RequestMetric HTTP = RequestMetric.of("http_req_duration", "http_reqs", "http_req_failed");

    @Test
    void aRequestYieldsItsTrendCounterAndFailureRate() {
        MetricRegistry registry = new MetricRegistry(System::nanoTime);
        RequestSeries series = registry.request(HTTP, Tags.of(Tags.NAME, "get vm"));
        series.record(0, 1_000_000, 3_000_000, false);
        series.record(0, 2_000_000, 5_000_000, true);

        MetricsSnapshot interval = registry.takeInterval(Duration.ofSeconds(2));

        MetricStats duration = interval.aggregate("http_req_duration").orElseThrow();
        assertThat(duration.distribution().max()).isCloseTo(5, within(0.01));
        assertThat(duration.serviceTime().max()).isCloseTo(3, within(0.01));
        assertThat(interval.aggregate("http_reqs").orElseThrow().rate()).isEqualTo(1.0);
        assertThat(interval.aggregate("http_req_failed").orElseThrow().rate()).isEqualTo(0.5);
        assertThat(interval.aggregate("http_req_failed", Map.of(Tags.NAME, "get vm")).orElseThrow().trues()).isEqualTo(1);
        assertThat(interval.aggregate("http_req_failed", Map.of(Tags.NAME, "other")).orElseThrow().count()).isZero();
        assertThat(registry.takeInterval(Duration.ofSeconds(1)).aggregate("http_reqs").orElseThrow().count()).isZero();
        assertThat(registry.cumulative(Duration.ofSeconds(3)).aggregate("http_reqs").orElseThrow().count()).isEqualTo(2);
    }

    @Test
    void noSampleIsLostWhileThreadsRecordAndTheTickSwaps() throws InterruptedException {
        MetricRegistry registry = new MetricRegistry(System::nanoTime);
        RequestSeries series = registry.request(HTTP, Tags.of(Tags.NAME, "hot"));
        int threads = 4;
        int perThread = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread writer = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < perThread; i++) {
                    series.record(0, 0, 1_000L * (1 + i % 1000), i % 10 == 0);
                }
            });
            writer.start();
            writers.add(writer);
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        long[] seen = new long[2];
        Thread ticker = new Thread(() -> {
            while (writing.get()) {
                MetricStats stats = registry.takeInterval(Duration.ofMillis(1)).aggregate("http_req_duration").orElseThrow();
                seen[0] += stats.count();
                seen[1] += stats.trues();
            }
        });
        ticker.start();
        start.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        writing.set(false);
        ticker.join();
        MetricStats last = registry.takeInterval(Duration.ofMillis(1)).aggregate("http_req_duration").orElseThrow();

        assertThat(seen[0] + last.count()).isEqualTo((long) threads * perThread);
        assertThat(seen[1] + last.trues()).isEqualTo((long) threads * perThread / 10);
        assertThat(registry.cumulative(Duration.ofSeconds(1)).aggregate("http_req_duration").orElseThrow().count())
                .isEqualTo((long) threads * perThread);
    }

    @Test
    void aMetricKeepsItsType() {
        MetricRegistry registry = new MetricRegistry(System::nanoTime);
        registry.counter(Metric.counter("jobs"), Tags.empty()).add(3);

        assertThatThrownBy(() -> registry.define(Metric.rate("jobs")))
                .hasMessage("metric jobs is defined twice, as COUNTER and as RATE");
        assertThatThrownBy(() -> registry.counter(Metric.counter("jobs"), Tags.empty()).add(-1))
                .hasMessage("a counter only grows; got -1");
    }

    @Test
    void errorsAreCountedByNameKindAndMessageMostFrequentFirst() {
        MetricRegistry registry = new MetricRegistry(System::nanoTime);
        registry.error("get vm", "connect refused", "Connection refused: 127.0.0.1:1");
        registry.error("get vm", "response timeout", "no response within 5s");
        registry.error("get vm", "response timeout", "no response within 5s");

        assertThat(registry.errors()).extracting(error -> error.kind() + "=" + error.count())
                .containsExactly("response timeout=2", "connect refused=1");
    }

    @Test
    void onlyTheFirstErrorOfEachKindIsHandedOnWithItsException() {
        List<FirstError> firsts = new ArrayList<>();
        MetricRegistry registry = new MetricRegistry(System::nanoTime, firsts::add);
        IllegalStateException refused = new IllegalStateException("refused");

        registry.error("get vm", "connect refused", "refused", refused);
        registry.error("list vms", "connect refused", "refused", new IllegalStateException("again"));
        registry.error("get vm", "status 503", "503 Service Unavailable");
        registry.error("get vm", "status 503", "503 Service Unavailable");

        assertThat(firsts).containsExactly(new FirstError("get vm", "connect refused", "refused", refused),
                new FirstError("get vm", "status 503", "503 Service Unavailable", null));
        assertThat(registry.errors()).extracting(error -> error.kind() + "=" + error.count())
                .contains("connect refused=1", "status 503=2");
    }
}
