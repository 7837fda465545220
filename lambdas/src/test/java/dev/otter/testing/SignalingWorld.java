package dev.otter.testing;

import dev.otter.core.Room;
import dev.otter.core.Rooms;
import dev.otter.core.Seat;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the WebSocket handler tests: one world on dynalite per test class, and a driver that
 * plays API Gateway for the real handlers.
 */
public abstract class SignalingWorld {
    protected static TestWorld world;
    protected static SignalingDriver gateway;

    @BeforeAll
    static void startWorld() {
        world = TestWorld.embedded();
        gateway = new SignalingDriver(world);
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    /** How many seats the stored room holds. */
    protected static int participantsOf(Rooms.CreatedRoom room) {
        return stored(room).participants();
    }

    /** The peer's seat as stored, if it has one. */
    protected static Optional<Seat> seatOf(Rooms.CreatedRoom room, String peerId) {
        return stored(room).seat(peerId);
    }

    protected static Room stored(Rooms.CreatedRoom room) {
        return world.services.roomStore().find(room.room().roomId()).orElseThrow();
    }
}
