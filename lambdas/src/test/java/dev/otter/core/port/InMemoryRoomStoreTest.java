package dev.otter.core.port;

import dev.otter.testing.InMemoryRoomStore;

/** The room-store contract on the in-memory store that fast core tests use. */
class InMemoryRoomStoreTest extends RoomStoreContract {
    private final InMemoryRoomStore store = new InMemoryRoomStore();

    @Override
    protected RoomStore store() {
        return store;
    }
}
