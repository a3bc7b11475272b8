package dev.loadkit.core.internal.engine;

import reactor.core.publisher.Mono;

import java.time.Duration;

/** What executors tell the run beside their metrics: warnings, and where the phases of a sequence begin and end. */
interface RunEvents {

    /** The events of a warm-up, which no report sees. */
    RunEvents NONE = new RunEvents() {
        @Override
        public void warn(String warning) {
        }

        @Override
        public Mono<Void> phase(String name, Duration planned) {
            return Mono.empty();
        }
    };

    /**
     * Adds a warning to the run's summary: something that makes its numbers less trustworthy.
     *
     * @param warning one sentence
     */
    void warn(String warning);

    /**
     * A phase starts, or (with a {@code null} name) the last one has ended; the phase before it, if any,
     * ends now. The metrics recorded so far are handed to the reporters first, so that each request is
     * attributed to the phase it ran in.
     *
     * @param name the phase's name, or {@code null} after the last
     * @param planned the phase's planned length, the most of its time that counts as its span
     * @return completes once the boundary is noted
     */
    Mono<Void> phase(String name, Duration planned);
}
