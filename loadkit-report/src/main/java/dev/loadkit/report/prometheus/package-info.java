/** Prometheus's {@code /metrics} served while a test runs ({@code --prometheus}). */
package dev.loadkit.report.prometheus;
