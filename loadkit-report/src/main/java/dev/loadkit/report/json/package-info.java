/** The JSON summary: {@code --json FILE}. */
package dev.loadkit.report.json;
