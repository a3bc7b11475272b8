/**
 * Load-test scenarios for the Nova-Torch agent orchestrator.
 *
 * <p>This module is planned and builds, but offers no API yet.
 */
package dev.loadkit.novatorch;
