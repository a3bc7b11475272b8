/** PNG charts: {@code --png DIR}. */
package dev.loadkit.report.png;
