/** Every metric streamed to InfluxDB 1.x while a test runs ({@code --out influxdb}), as k6 does. */
package dev.loadkit.report.influxdb;
