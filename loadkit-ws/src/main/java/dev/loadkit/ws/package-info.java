/**
 * The WebSocket driver: a {@link dev.loadkit.ws.WebSocket} protocol, {@link dev.loadkit.ws.WsRequest}
 * connection definitions, and the {@link dev.loadkit.ws.WsConnection} a task sends on and awaits messages
 * from, every await with a timeout.
 */
package dev.loadkit.ws;
