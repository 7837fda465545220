package dev.otter.core;

import java.util.Locale;

public enum Role {
    HOST, GUEST;

    /** The lower-case name used in tokens, authorizer contexts and messages. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but {@code host} or {@code guest} */
    public static Role fromWire(String value) {
        if ("host".equals(value)) return HOST;
        if ("guest".equals(value)) return GUEST;
        throw new IllegalArgumentException("unknown role");
    }
}
