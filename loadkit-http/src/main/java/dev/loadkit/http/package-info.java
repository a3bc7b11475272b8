/**
 * The HTTP driver: an {@link dev.loadkit.http.Http} protocol configured once, immutable
 * {@link dev.loadkit.http.HttpRequest} definitions with checks and extractions, and the
 * {@link dev.loadkit.http.HttpResponse} a task receives.
 *
 * <pre>{@code
 * Http http = Http.builder().baseUrl("http://127.0.0.1:8080").build();
 * HttpRequest createVm = http.post("/api/vms").name("create vm")
 *         .body(Body.json(session -> Map.of("name", "vm-" + session.userId())))
 *         .check(HttpChecks.status().is(201), HttpChecks.jsonPointer("/id").saveAs("vmId"));
 * HttpRequest startVm = http.post("/api/vms/{vmId}/start").name("start vm");
 * Task.of("create and start", session -> createVm.run(session).then(startVm.run(session)));
 * }</pre>
 */
package dev.loadkit.http;
