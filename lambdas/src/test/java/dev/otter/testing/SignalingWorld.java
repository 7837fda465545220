package dev.otter.testing;

import dev.otter.core.Rooms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the WebSocket handler tests: one embedded DynamoDB Local world per test class, and a driver that
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

    /** The room's seat counter as stored. */
    protected static int participantsOf(Rooms.CreatedRoom room) {
        return world.services.roomStore().find(room.room().roomId()).orElseThrow().participants();
    }
}
