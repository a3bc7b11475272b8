package dev.loadkit.core;

import dev.loadkit.core.metrics.MetricStats;

/**
 * The requests of one name over a run, as a row of the per-request table: {@code get vm} on
 * {@code http_req_duration}, with its count, failures and latency distribution.
 *
 * @param type what Locust's Type column shows: the method ({@code GET}, {@code POST}) when every request of
 *             the name had the same, else the protocol ({@code grpc}, {@code redis}, {@code ws}, ...)
 * @param name the request name
 * @param metric the duration metric of its protocol
 * @param stats the merged series of that name: distribution, count and failures ({@code trues})
 * @param rps requests per second over the run
 */
public record RequestResult(String type, String name, String metric, MetricStats stats, double rps) {

    /**
     * The number of requests.
     *
     * @return the count
     */
    public long count() {
        return stats.count();
    }

    /**
     * The number of failed requests.
     *
     * @return the failures
     */
    public long failures() {
        return stats.trues();
    }
}
