package dev.otter.adapter.dynamodb;

/** The physical names of Otter's three tables (CDK-generated on AWS, chosen by the local runner). */
public record TableNames(String rooms, String connections, String apiKeys) {
    public TableNames {
        requireName(rooms, "rooms");
        requireName(connections, "connections");
        requireName(apiKeys, "apiKeys");
    }

    /** {@code <prefix>rooms}, {@code <prefix>connections}, {@code <prefix>api-keys}. */
    public static TableNames withPrefix(String prefix) {
        return new TableNames(prefix + "rooms", prefix + "connections", prefix + "api-keys");
    }

    private static void requireName(String name, String which) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("the " + which + " table name is missing");
    }
}
