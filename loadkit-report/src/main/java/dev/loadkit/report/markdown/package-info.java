/** A Markdown summary: {@code --md FILE}. */
package dev.loadkit.report.markdown;
