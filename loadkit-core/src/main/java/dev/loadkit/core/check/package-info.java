/**
 * Checks on what a driver got back (an HTTP response, a gRPC call's result, ...), shared by every driver:
 * {@link dev.loadkit.core.check.Check} and the values to check or extract,
 * {@link dev.loadkit.core.check.ValueCheck}. Each driver offers its own values, such as {@code HttpChecks}.
 */
package dev.loadkit.core.check;
