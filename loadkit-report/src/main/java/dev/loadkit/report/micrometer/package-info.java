/** Live metrics through Micrometer, for Prometheus and every other registry Micrometer supports. */
package dev.loadkit.report.micrometer;
