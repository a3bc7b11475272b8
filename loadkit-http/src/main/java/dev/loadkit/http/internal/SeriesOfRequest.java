package dev.loadkit.http.internal;

import dev.loadkit.core.metrics.BuiltInMetrics;
import dev.loadkit.core.metrics.CounterSeries;
import dev.loadkit.core.metrics.Metrics;
import dev.loadkit.core.metrics.RequestSeries;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.core.metrics.TrendSeries;
import dev.loadkit.http.HttpMetrics;

/**
 * The series that one request records into, for one set of tags in one run's metrics: looked up once and kept by
 * the request, not eight times per request (two hash lookups each).
 */
public final class SeriesOfRequest {

    private final Metrics metrics;
    private final RequestSeries requests;
    private final TrendSeries connecting;
    private final TrendSeries tlsHandshaking;
    private final TrendSeries sending;
    private final TrendSeries waiting;
    private final TrendSeries receiving;
    private final CounterSeries dataSent;
    private final CounterSeries dataReceived;

    /**
     * Looks the series up.
     *
     * @param metrics the run's metrics
     * @param tags the request's tags
     */
    public SeriesOfRequest(Metrics metrics, Tags tags) {
        this.metrics = metrics;
        this.requests = metrics.request(HttpMetrics.REQUESTS, tags);
        this.connecting = metrics.trend(HttpMetrics.CONNECTING, tags);
        this.tlsHandshaking = metrics.trend(HttpMetrics.TLS_HANDSHAKING, tags);
        this.sending = metrics.trend(HttpMetrics.SENDING, tags);
        this.waiting = metrics.trend(HttpMetrics.WAITING, tags);
        this.receiving = metrics.trend(HttpMetrics.RECEIVING, tags);
        this.dataSent = metrics.counter(BuiltInMetrics.DATA_SENT, tags);
        this.dataReceived = metrics.counter(BuiltInMetrics.DATA_RECEIVED, tags);
    }

    /**
     * Whether these series belong to a run's metrics (a request outlives a run; its next run has metrics of its own).
     *
     * @param run the run's metrics
     * @return whether they are the ones looked up
     */
    public boolean belongTo(Metrics run) {
        return metrics == run;
    }

    /**
     * Records one request: its latency, service time and outcome, its timings and its bytes.
     *
     * @param intendedStart its intended start
     * @param start its actual start
     * @param end its end
     * @param failed whether it failed
     * @param timing its timings and bytes
     */
    public void record(long intendedStart, long start, long end, boolean failed, RequestTiming timing) {
        requests.record(intendedStart, start, end, failed);
        connecting.record(timing.connectingNanos());
        tlsHandshaking.record(timing.tlsHandshakingNanos());
        sending.record(timing.sendingNanos());
        waiting.record(timing.waitingNanos());
        receiving.record(timing.receivingNanos());
        dataSent.add(timing.bytesSent());
        dataReceived.add(timing.bytesReceived());
    }
}
