package dev.otter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otter.core.port.PeerGone;
import dev.otter.core.port.PeerMessenger;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Records what would be posted to each connection; a connection marked gone answers like a 410. */
public final class RecordingMessenger implements PeerMessenger {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, List<JsonNode>> sent = new ConcurrentHashMap<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private final List<String> disconnected = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void send(String connectionId, String json) throws PeerGone {
        if (gone.contains(connectionId)) throw new PeerGone(connectionId);
        try {
            sent.computeIfAbsent(connectionId, id -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(MAPPER.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void disconnect(String connectionId) {
        disconnected.add(connectionId);
        gone.add(connectionId);
    }

    public void markGone(String connectionId) {
        gone.add(connectionId);
    }

    /** Messages posted to any connection so far. */
    public int totalSent() {
        return sent.values().stream().mapToInt(List::size).sum();
    }

    public List<JsonNode> sentTo(String connectionId) {
        return List.copyOf(sent.getOrDefault(connectionId, List.of()));
    }

    /** The types of the messages posted to the connection, in order. */
    public List<String> typesSentTo(String connectionId) {
        return sentTo(connectionId).stream().map(message -> message.path("type").asText()).toList();
    }

    public JsonNode last(String connectionId) {
        List<JsonNode> messages = sentTo(connectionId);
        if (messages.isEmpty()) throw new AssertionError("nothing was sent to " + connectionId);
        return messages.get(messages.size() - 1);
    }

    public List<String> disconnected() {
        return new ArrayList<>(disconnected);
    }

    public void clear() {
        sent.clear();
    }
}
