/** HdrHistogram interval logs: {@code --hlog FILE}. */
package dev.loadkit.report.hlog;
