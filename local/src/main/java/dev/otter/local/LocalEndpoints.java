package dev.otter.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a started local Otter tells people and scripts: printed at start and written to
 * {@code <data-dir>/local.json} under these exact keys.
 */
public record LocalEndpoints(String apiUrl, String wsUrl, String webUrl, String apiKey, String sampleRoomUrl) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        ObjectNode json = JSON.createObjectNode();
        json.put("apiUrl", apiUrl);
        json.put("wsUrl", wsUrl);
        json.put("webUrl", webUrl);
        json.put("apiKey", apiKey);
        json.put("sampleRoomUrl", sampleRoomUrl);
        return json.toPrettyString() + "\n";
    }

    /** The web app's {@code /config.json}: the same shape the Frontend stack writes on AWS. */
    public static String configJson(String apiUrl, String wsUrl) {
        ObjectNode json = JSON.createObjectNode();
        json.put("apiUrl", apiUrl);
        json.put("wsUrl", wsUrl);
        return json.toString();
    }
}
