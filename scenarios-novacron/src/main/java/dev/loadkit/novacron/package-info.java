/**
 * Load-test scenarios for the NovaCron VM management platform.
 *
 * <p>This module is planned and builds, but offers no API yet.
 */
package dev.loadkit.novacron;
