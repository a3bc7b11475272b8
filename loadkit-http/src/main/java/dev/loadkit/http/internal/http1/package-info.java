/**
 * HTTP/1.1 on connections of loadkit's own: a Netty channel per connection with a response decoder and one
 * handler, a small pool per virtual user (or one shared), and a call object per request that is at once its
 * Reactor subscription, its write listener and its deadline. No Reactor operator, pool acquisition or metrics
 * callback stands between a virtual user and its socket.
 */
package dev.loadkit.http.internal.http1;
