package dev.loadkit.report.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium, driven over the DevTools protocol with the JDK's own WebSocket client: open a
 * page, run script in it, take a screenshot, let it download. Uncaught errors of the page are collected.
 */
final class Chromium implements AutoCloseable {

    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final WebSocket browser;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
    final List<String> pageErrors = new CopyOnWriteArrayList<>();

    private Chromium(Process process, URI browserEndpoint) throws Exception {
        this.process = process;
        HttpClient http = HttpClient.newHttpClient();
        browser = http.newWebSocketBuilder().buildAsync(browserEndpoint, new Listener()).get(10, TimeUnit.SECONDS);
        URI list = URI.create("http://" + browserEndpoint.getAuthority() + "/json/list");
        JsonNode targets = json.readTree(http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString()).body());
        String pageEndpoint = null;
        for (JsonNode target : targets) {
            if (target.path("type").asText().equals("page")) {
                pageEndpoint = target.path("webSocketDebuggerUrl").asText();
            }
        }
        page = http.newWebSocketBuilder().buildAsync(URI.create(pageEndpoint), new Listener()).get(10, TimeUnit.SECONDS);
        call(page, "Page.enable", json.createObjectNode());
        call(page, "Runtime.enable", json.createObjectNode());
    }

    /** Starts Chromium with a profile of its own, reaching no host but loopback. */
    static Chromium start(Path profile) throws Exception {
        Process process = new ProcessBuilder("chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=1280,1000", "about:blank").redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<URI> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    Matcher matcher = DEVTOOLS.matcher(line);
                    if (matcher.find()) {
                        endpoint.complete(URI.create(matcher.group(1)));
                    }
                }
            } catch (IOException e) {
                endpoint.completeExceptionally(e);
            }
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new Chromium(process, endpoint.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    void navigate(String url) throws Exception {
        ObjectNode params = json.createObjectNode().put("url", url);
        call(page, "Page.navigate", params);
    }

    /** Lets the page's downloads land in a folder. */
    void downloadTo(Path folder) throws Exception {
        call(browser, "Browser.setDownloadBehavior", json.createObjectNode().put("behavior", "allow")
                .put("downloadPath", folder.toString()));
    }

    /** Evaluates script in the page (awaiting a promise) and returns its value. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call(page, "Runtime.evaluate", json.createObjectNode().put("expression", expression)
                .put("awaitPromise", true).put("returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("the script failed: " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until script in the page is true; the page may still be loading, so an error is not an answer yet. */
    void await(String condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!evaluate("(() => { try { return Boolean(" + condition + "); } catch (e) { return false; } })()").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never true in the page: " + condition + "; the page shows: "
                        + evaluate("document.body.innerText.slice(0, 2000)").asText());
            }
            Thread.sleep(200);
        }
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(200);
        }
    }

    byte[] screenshot() throws Exception {
        JsonNode result = call(page, "Page.captureScreenshot", json.createObjectNode().put("format", "png")
                .put("captureBeyondViewport", true));
        return Base64.getDecoder().decode(result.path("data").asText());
    }

    private JsonNode call(WebSocket socket, String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        ObjectNode message = json.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(message.toString(), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(30, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new AssertionError(method + " failed: " + reply.path("error"));
        }
        return reply.path("result");
    }

    @Override
    public void close() throws Exception {
        page.abort();
        browser.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Gathers each message's fragments, then answers a call or keeps an uncaught error of the page. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = json.readTree(text.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> answer = answers.remove(message.path("id").asInt());
                        if (answer != null) {
                            answer.complete(message);
                        }
                    } else if (message.path("method").asText().equals("Runtime.exceptionThrown")) {
                        pageErrors.add(message.path("params").path("exceptionDetails").toString());
                    }
                } catch (IOException e) {
                    pageErrors.add("unreadable DevTools message: " + e);
                }
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }
}
