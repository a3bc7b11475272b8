package dev.loadkit.core.internal.engine;

import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Workload;
import dev.loadkit.core.report.IntervalSnapshot;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.RunStart;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.loadkit.core.internal.engine.Fixtures.caller;
import static dev.loadkit.core.internal.engine.Fixtures.service;
import static dev.loadkit.core.internal.engine.Fixtures.test;
import static org.assertj.core.api.Assertions.assertThat;

/** What live and end-of-run reporters receive. */
class ReportingTest {

    /** Keeps every call. */
    private static final class Capture implements Reporter {
        final List<RunStart> starts = new ArrayList<>();
        final List<IntervalSnapshot> intervals = new ArrayList<>();
        final List<RunSummary> ends = new ArrayList<>();

        @Override
        public void onStart(RunStart start) {
            starts.add(start);
        }

        @Override
        public void onInterval(IntervalSnapshot snapshot) {
            intervals.add(snapshot);
        }

        @Override
        public void onEnd(RunSummary summary) {
            ends.add(summary);
        }
    }

    @Test
    void reportersSeeTheStartEverySecondAndTheEnd() {
        Capture capture = new Capture();
        RunSummary summary = new VirtualRun().execute(test(Workload.constantUsers(4, Duration.ofSeconds(10)),
                caller("user", service(Duration.ofMillis(100)))), RunOptions.defaults(), List.of(capture));

        assertThat(capture.starts).singleElement().satisfies(start -> {
            assertThat(start.test()).isEqualTo("test");
            assertThat(start.plannedDuration()).isEqualTo(Duration.ofSeconds(10));
            assertThat(start.parameters()).containsEntry("workload", "4 users for 10s");
        });
        // Ten ticks, and the last, empty interval at the end.
        assertThat(capture.intervals).hasSize(11);
        assertThat(capture.intervals.get(0).elapsed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(capture.intervals.get(0).users()).isEqualTo(4);
        long perInterval = capture.intervals.get(3).metrics().aggregate("sim_reqs").orElseThrow().count();
        assertThat(perInterval).isEqualTo(40);
        assertThat(capture.intervals.get(3).metrics().aggregate("sim_reqs").orElseThrow().rate()).isEqualTo(40.0);
        long total = capture.intervals.stream()
                .mapToLong(interval -> interval.metrics().aggregate("sim_reqs").orElseThrow().count()).sum();
        assertThat(total).isEqualTo(summary.metric("sim_reqs").count()).isEqualTo(400);
        assertThat(capture.ends).containsExactly(summary);
    }

    @Test
    void aFailingReporterDoesNotStopTheOthers() {
        Capture capture = new Capture();
        Reporter broken = new Reporter() {
            @Override
            public void onEnd(RunSummary summary) throws Exception {
                throw new java.io.IOException("disk full");
            }
        };
        new VirtualRun().execute(test(Workload.constantUsers(1, Duration.ofSeconds(1)),
                caller("user", service(Duration.ofMillis(100)))), RunOptions.defaults(), List.of(broken, capture));

        assertThat(capture.ends).hasSize(1);
    }
}
