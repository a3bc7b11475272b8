/** The console: live progress and the end-of-run tables and verdict. */
package dev.loadkit.report.console;
