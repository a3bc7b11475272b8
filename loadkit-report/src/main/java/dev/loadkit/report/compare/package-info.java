/** The comparison of two runs' JSON summaries: the {@code compare} command of every runnable jar. */
package dev.loadkit.report.compare;
