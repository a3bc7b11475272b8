/**
 * The live web dashboard ({@code --web}): a page served by the running test, with a JSON API, an event stream,
 * Prometheus's {@code /metrics}, and control of the run (start, users or arrival rate, stop, downloads).
 */
package dev.loadkit.report.web;
