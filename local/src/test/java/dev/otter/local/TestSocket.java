package dev.otter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** A real WebSocket client (Jetty's) that records what the server sends and how it closed. */
public final class TestSocket implements Session.Listener.AutoDemanding {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile Session session;

    static TestSocket connect(WebSocketClient client, String wsUrl, String token) throws Exception {
        TestSocket socket = new TestSocket();
        client.connect(socket, URI.create(wsUrl + "?token=" + token)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return socket;
    }

    /** Connects offering a WebSocket extension, as browsers offer permessage-deflate. */
    static TestSocket connectOffering(WebSocketClient client, String wsUrl, String token, String extension) throws Exception {
        TestSocket socket = new TestSocket();
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        request.addExtensions(extension);
        client.connect(socket, URI.create(wsUrl + "?token=" + token), request).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return socket;
    }

    List<String> negotiatedExtensions() {
        return session.getUpgradeResponse().getExtensions().stream().map(ExtensionConfig::getName).toList();
    }

    /** Connects and joins; returns the {@code joined} message. */
    static Joined join(WebSocketClient client, String wsUrl, String token, String name) throws Exception {
        TestSocket socket = connect(client, wsUrl, token);
        socket.send("{\"action\":\"join\",\"name\":\"" + name + "\"}");
        JsonNode joined = socket.next(m -> m.path("type").asText().equals("joined"));
        return new Joined(socket, joined.path("peerId").asText(), joined);
    }

    /** Reconnects with a {@code resume} token, as the SDK does after an unexpected close, and joins. */
    static Joined resume(WebSocketClient client, String wsUrl, String token, Joined before, String name) throws Exception {
        return join(client, wsUrl, token + "&resume=" + before.message().path("resumeToken").asText(), name);
    }

    record Joined(TestSocket socket, String peerId, JsonNode message) {}

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
        received.add(message);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // Refused upgrades and 1009 closes are what several tests expect; they assert on them directly.
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closeCode.complete(statusCode);
    }

    void send(String text) throws Exception {
        Callback.Completable sent = new Callback.Completable();
        session.sendText(text, sent);
        sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends {@code text} as several frames of at most {@code frameBytes} characters (ASCII only). */
    void sendInFrames(String text, int frameBytes) throws Exception {
        for (int start = 0; start < text.length(); start += frameBytes) {
            int end = Math.min(text.length(), start + frameBytes);
            Callback.Completable sent = new Callback.Completable();
            session.sendPartialText(text.substring(start, end), end == text.length(), sent);
            sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** The next message matching {@code wanted}; earlier ones that do not match are dropped. */
    JsonNode next(Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String message = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (message == null) {
                break;
            }
            JsonNode json = JSON.readTree(message);
            if (wanted.test(json)) {
                return json;
            }
        }
        throw new AssertionError("no matching message within " + WAIT);
    }

    JsonNode nextOfType(String type) throws Exception {
        return next(m -> m.path("type").asText().equals(type));
    }

    /** Everything received and not yet read, in order (after {@link #awaitClose}: all the server sent). */
    List<JsonNode> drain() throws IOException {
        List<String> raw = new java.util.ArrayList<>();
        received.drainTo(raw);
        List<JsonNode> messages = new java.util.ArrayList<>();
        for (String message : raw) messages.add(JSON.readTree(message));
        return messages;
    }

    /** Whether a message matching {@code wanted} has arrived and is still unread; waits for nothing. */
    boolean hasReceived(Predicate<JsonNode> wanted) throws IOException {
        for (String message : received) {
            if (wanted.test(JSON.readTree(message))) return true;
        }
        return false;
    }

    /** Whether a message of {@code type} arrives within {@code wait}. */
    boolean receivesWithin(String type, Duration wait) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String message = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                return false;
            }
            if (JSON.readTree(message).path("type").asText().equals(type)) {
                return true;
            }
        }
    }

    int awaitClose(Duration wait) throws Exception {
        return closeCode.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isOpen() {
        return session != null && session.isOpen();
    }

    void close() {
        if (session != null) {
            session.close();
        }
    }
}
