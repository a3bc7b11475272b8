/** The self-contained HTML report: {@code --html FILE}. */
package dev.loadkit.report.html;
