package dev.loadkit.core.sim;

import dev.loadkit.core.Protocol;
import dev.loadkit.core.Session;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.RequestMetric;
import dev.loadkit.core.metrics.RequestSeries;
import dev.loadkit.core.metrics.Tags;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A driver without a network: a simulated service whose requests complete after a set latency, with
 * optional periodic stalls and random failures. It records {@code sim_req_duration}, {@code sim_reqs}
 * and {@code sim_req_failed} like a real driver, on the run's clock and timer, so it runs under virtual
 * time too.
 *
 * <p>It exists to test the engine exactly (executors, weights, rates, thresholds, coordinated-omission
 * correction) and to try a scenario's shape before a target exists:
 *
 * <pre>{@code
 * SimulatedService service = SimulatedService.builder()
 *         .latency(Duration.ofMillis(5))
 *         .stall(Duration.ofSeconds(5), Duration.ofSeconds(1))   // the last second of every five
 *         .build();
 * Task.of("get", session -> service.call(session, "get"));
 * }</pre>
 */
public final class SimulatedService implements Protocol {

    /** The metrics this driver records. */
    public static final RequestMetric METRIC = RequestMetric.of("sim_req_duration", "sim_reqs", "sim_req_failed");

    private final long latencyNanos;
    private final long stallPeriodNanos;
    private final long stallLengthNanos;
    private final double failureRate;
    private final int capacity;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, Tags> tagsByName = new ConcurrentHashMap<>();
    /** The time of the first call: stall periods count from it. */
    private final AtomicLong epoch = new AtomicLong(Long.MIN_VALUE);

    private SimulatedService(Builder builder) {
        this.latencyNanos = builder.latency.toNanos();
        this.stallPeriodNanos = builder.stallPeriod.toNanos();
        this.stallLengthNanos = builder.stallLength.toNanos();
        this.failureRate = builder.failureRate;
        this.capacity = builder.capacity;
    }

    /**
     * A builder of a service that answers at once and never fails.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<Metric> metrics() {
        return METRIC.metrics();
    }

    /**
     * Sends one request.
     *
     * @param session the virtual user's session
     * @param name the request's name, for reports
     * @return emits whether the request succeeded, when it completes
     */
    public Mono<Boolean> call(Session session, String name) {
        return Mono.defer(() -> {
            long start = session.nanoTime();
            long intended = session.intendedStart(start);
            int concurrent = inFlight.incrementAndGet();
            double overload = capacity > 0 ? Math.max(1.0, (double) concurrent / capacity) : 1.0;
            long delay = (long) (latencyNanos * overload) + stallRemaining(start);
            boolean failed = failureRate > 0 && session.random().nextDouble() < failureRate;
            RequestSeries series = session.metrics().request(METRIC, tagsByName.computeIfAbsent(name, n -> Tags.of(Tags.NAME, n)));
            return Mono.delay(Duration.ofNanos(delay), session.scheduler()).doFinally(signal -> inFlight.decrementAndGet()).map(tick -> {
                series.record(intended, start, session.nanoTime(), failed);
                if (failed) {
                    session.metrics().error(name, "simulated", "simulated failure");
                }
                return !failed;
            });
        });
    }

    /** How long a request sent at {@code now} waits for the current stall to end. */
    private long stallRemaining(long now) {
        if (stallLengthNanos == 0) {
            return 0;
        }
        epoch.compareAndSet(Long.MIN_VALUE, now);
        long inPeriod = Math.floorMod(now - epoch.get(), stallPeriodNanos);
        long stallStart = stallPeriodNanos - stallLengthNanos;
        return inPeriod >= stallStart ? stallPeriodNanos - inPeriod : 0;
    }

    /** Builds a {@link SimulatedService}. */
    public static final class Builder {

        private Duration latency = Duration.ZERO;
        private Duration stallPeriod = Duration.ofSeconds(1);
        private Duration stallLength = Duration.ZERO;
        private double failureRate;
        private int capacity;

        private Builder() {
        }

        /**
         * A saturation point: beyond this many requests in flight, each takes longer in proportion, as a
         * server whose work queues up. Lets a stress test find a breaking point without a network.
         *
         * @param requestsInFlight the requests it serves at full speed
         * @return this builder
         */
        public Builder capacity(int requestsInFlight) {
            if (requestsInFlight < 1) {
                throw new IllegalArgumentException("capacity must be at least 1");
            }
            this.capacity = requestsInFlight;
            return this;
        }

        /**
         * The time every request takes.
         *
         * @param newLatency the latency
         * @return this builder
         */
        public Builder latency(Duration newLatency) {
            this.latency = nonNegative(newLatency, "latency");
            return this;
        }

        /**
         * Stalls: during the last {@code length} of every {@code period} (counted from the first request),
         * requests wait until the stall ends, like a server in a garbage-collection pause.
         *
         * @param period the time from one stall to the next
         * @param length how long each stall lasts
         * @return this builder
         */
        public Builder stall(Duration period, Duration length) {
            nonNegative(period, "stall period");
            nonNegative(length, "stall length");
            if (period.isZero() || length.compareTo(period) >= 0) {
                throw new IllegalArgumentException("a stall must be shorter than its period");
            }
            this.stallPeriod = period;
            this.stallLength = length;
            return this;
        }

        /**
         * The share of requests that fail, drawn with each virtual user's reproducible random numbers.
         *
         * @param rate between 0 and 1
         * @return this builder
         */
        public Builder failureRate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("failure rate must be between 0 and 1, got " + rate);
            }
            this.failureRate = rate;
            return this;
        }

        /**
         * Builds the service.
         *
         * @return the service
         */
        public SimulatedService build() {
            return new SimulatedService(this);
        }

        private static Duration nonNegative(Duration duration, String what) {
            Objects.requireNonNull(duration, what);
            if (duration.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative");
            }
            return duration;
        }
    }
}
