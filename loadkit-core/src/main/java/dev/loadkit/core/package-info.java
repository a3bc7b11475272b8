/**
 * The loadkit model: a {@link dev.loadkit.core.LoadTest} of weighted {@link dev.loadkit.core.UserClass}es
 * running reactive {@link dev.loadkit.core.Task}s under a {@link dev.loadkit.core.Workload}, judged by
 * {@link dev.loadkit.core.Threshold}s, summarized in a {@link dev.loadkit.core.RunSummary}.
 */
package dev.loadkit.core;
