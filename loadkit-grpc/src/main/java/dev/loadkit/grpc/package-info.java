/**
 * The gRPC driver of loadkit, on grpc-java.
 *
 * <p>This module is planned and builds, but offers no API yet.
 */
package dev.loadkit.grpc;
