/** The embedded Nova-Torch reference target: the orchestrator's gRPC API and its message bus. */
package dev.loadkit.novatorch.target;
