package dev.loadkit.http;

import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.RequestMetric;

import java.util.ArrayList;
import java.util.List;

/**
 * The metrics of the HTTP driver, with k6's names. Every sample carries the tags {@code name} (the
 * request's name), {@code method} and {@code status} ({@code 0} when there was no response).
 */
public final class HttpMetrics {

    /** {@code http_req_duration} (from the intended start), {@code http_reqs} and {@code http_req_failed}. */
    public static final RequestMetric REQUESTS = RequestMetric.of("http_req_duration", "http_reqs", "http_req_failed");
    /** Time spent establishing a TCP connection, for requests that opened one. */
    public static final Metric CONNECTING = Metric.trend("http_req_connecting");
    /** Time spent in the TLS handshake, for requests that opened a TLS connection. */
    public static final Metric TLS_HANDSHAKING = Metric.trend("http_req_tls_handshaking");
    /** Time spent sending the request. */
    public static final Metric SENDING = Metric.trend("http_req_sending");
    /** Time from the request sent to the first byte of the response (time to first byte). */
    public static final Metric WAITING = Metric.trend("http_req_waiting");
    /** Time spent receiving the response. */
    public static final Metric RECEIVING = Metric.trend("http_req_receiving");

    private HttpMetrics() {
    }

    /**
     * Every metric of the driver.
     *
     * @return the definitions
     */
    public static List<Metric> all() {
        List<Metric> all = new ArrayList<>(REQUESTS.metrics());
        all.addAll(List.of(CONNECTING, TLS_HANDSHAKING, SENDING, WAITING, RECEIVING));
        return all;
    }
}
