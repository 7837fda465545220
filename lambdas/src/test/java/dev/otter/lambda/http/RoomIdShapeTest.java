package dev.otter.lambda.http;

import static dev.otter.lambda.http.RoomRoutesTest.assertError;

import dev.otter.testing.HttpDriver;
import dev.otter.testing.TestWorld;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A path id that cannot be a room id is an unknown room, never a storage error. */
class RoomIdShapeTest {
    private static TestWorld world;
    private static DeveloperRoomsHandler developerRooms;
    private static GetRoomHandler getRoom;

    @BeforeAll
    static void start() {
        world = TestWorld.embedded();
        developerRooms = new DeveloperRoomsHandler(world.services);
        getRoom = new GetRoomHandler(world.services);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {3000, 2049, 23})
    void developerRoutes_answer404_forAnIdOfTheWrongLength(int length) {
        String id = "a".repeat(length);
        for (String method : new String[] {"GET", "DELETE"}) {
            assertError(developerRooms.handleRequest(HttpDriver.event(method + " /rooms/{id}",
                    Map.of("rawPath", "/rooms/" + id, "id", id)), null), 404, "room-not-found");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3000, 21})
    void roomRoute_answers404_forAnIdOfTheWrongLength_evenInTheTokensOwnRoom(int length) {
        String id = "b".repeat(length);
        assertError(getRoom.handleRequest(HttpDriver.event("GET /room/{id}", Map.of("rawPath", "/room/" + id, "id", id,
                "authorizer", Map.of("roomId", id, "role", "guest"))), null), 404, "room-not-found");
    }
}
