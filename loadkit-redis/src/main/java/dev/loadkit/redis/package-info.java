/**
 * The Redis and DragonflyDB driver of loadkit, on Lettuce.
 *
 * <p>This module is planned and builds, but offers no API yet.
 */
package dev.loadkit.redis;
