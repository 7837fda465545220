package dev.otter.core.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a client may send; see docs/signaling.md. */
public sealed interface ClientMessage {
    int MAX_NAME_LENGTH = 60;

    record Join(String name) implements ClientMessage {}

    /** {@code data} is opaque to the server and relayed unchanged. */
    record Signal(String to, ObjectNode data) implements ClientMessage {}

    record Ping() implements ClientMessage {}

    record Remove(String peerId) implements ClientMessage {}

    /** The participant leaves for good (a closed socket alone is not a leave: see docs/signaling.md). */
    record Leave() implements ClientMessage {}

    /** A host ends the room for everyone. */
    record End() implements ClientMessage {}

    /** A host stops the room's shared guest link (until a host sends {@link Unlock}). */
    record Lock() implements ClientMessage {}

    /** A host lets the room's shared guest link work again. */
    record Unlock() implements ClientMessage {}

    /** A host lets a waiting guest in. */
    record Admit(String peerId) implements ClientMessage {}

    /** A host turns a waiting guest away. */
    record Deny(String peerId) implements ClientMessage {}
}
