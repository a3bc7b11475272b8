/**
 * The WebSocket driver of loadkit, on Reactor Netty.
 *
 * <p>This module is planned and builds, but offers no API yet.
 */
package dev.loadkit.ws;
