/**
 * A driver without a network, for the engine's own tests and for trying a scenario's shape before a
 * target exists.
 */
package dev.loadkit.core.sim;
