/**
 * The Redis and DragonflyDB driver of loadkit, on Lettuce: {@link dev.loadkit.redis.Redis} is the protocol
 * (URI, TLS, connections), {@link dev.loadkit.redis.RedisRequest} any command,
 * {@link dev.loadkit.redis.RedisPipeline} a pipelined batch, {@link dev.loadkit.redis.RedisStream} and
 * {@link dev.loadkit.redis.StreamGroup} streams with consumer groups and end-to-end message latency,
 * {@link dev.loadkit.redis.RedisPublisher} and {@link dev.loadkit.redis.Redis#subscribe} pub/sub, and
 * {@link dev.loadkit.redis.RedisMetrics} what is recorded.
 */
package dev.loadkit.redis;
