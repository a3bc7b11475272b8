/**
 * The NovaCron scenario pack: {@link dev.loadkit.novacron.NovaCron} is the jar's {@code main}, the
 * scenarios are in {@link dev.loadkit.novacron.NovaCronScenarios}.
 */
package dev.loadkit.novacron;
