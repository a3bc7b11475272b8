package dev.loadkit.core.internal.engine;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.Protocol;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.Metric;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** A driver's protocol is closed once, after the run, even when its close() acts as soon as it is called. */
class ProtocolLifecycleTest {

    @Test
    void protocolsCloseOnlyOnceTheRunIsOver() {
        AtomicBoolean closed = new AtomicBoolean();
        AtomicBoolean usedAfterClose = new AtomicBoolean();
        Protocol eager = new Protocol() {
            @Override
            public List<Metric> metrics() {
                return List.of();
            }

            @Override
            public Mono<Void> close() {
                closed.set(true);
                return Mono.empty();
            }
        };
        UserClass user = UserClass.named("user")
                .task("use", session -> Mono.fromRunnable(() -> usedAfterClose.compareAndSet(false, closed.get())))
                .build();

        VirtualRun.run(LoadTest.named("lifecycle").users(user).protocol(eager)
                .workload(Workload.perUserIterations(2, 3, Duration.ofSeconds(10))).build());

        assertThat(usedAfterClose).isFalse();
        assertThat(closed).isTrue();
    }
}
