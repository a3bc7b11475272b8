/**
 * Load-test scenarios for the Nova-Torch agent orchestrator: its profiles and scenarios on the shared command
 * line ({@link dev.loadkit.novatorch.NovaTorch}), and the embedded reference target in {@code target}.
 */
package dev.loadkit.novatorch;
