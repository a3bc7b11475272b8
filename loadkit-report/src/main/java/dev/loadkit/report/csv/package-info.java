/** CSV files with Locust's columns: {@code --csv PREFIX}. */
package dev.loadkit.report.csv;
