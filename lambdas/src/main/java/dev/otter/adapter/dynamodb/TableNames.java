package dev.otter.adapter.dynamodb;

/** The physical names of Otter's tables (CDK-generated on AWS, chosen by the local runner). */
public record TableNames(String rooms, String apiKeys, String messageBudgets, String webhooks) {
    public TableNames {
        requireName(rooms, "rooms");
        requireName(apiKeys, "apiKeys");
        requireName(messageBudgets, "messageBudgets");
        requireName(webhooks, "webhooks");
    }

    /** {@code <prefix>rooms}, {@code <prefix>api-keys}, {@code <prefix>message-budgets}, {@code <prefix>webhooks}. */
    public static TableNames withPrefix(String prefix) {
        return new TableNames(prefix + "rooms", prefix + "api-keys", prefix + "message-budgets", prefix + "webhooks");
    }

    private static void requireName(String name, String which) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("the " + which + " table name is missing");
    }
}
