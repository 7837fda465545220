package dev.otter.local;

import static dev.otter.local.LocalOtterFixture.createRoom;
import static dev.otter.local.LocalOtterFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.config.DeploymentCapacity;
import dev.otter.local.TestSocket.Joined;
import dev.otter.local.gateway.WebSocketLimits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The $connect throttle of the local gateway: the deployed stack's, for its default capacity. */
class ConnectThrottleLocalTest {
    @RegisterExtension
    static final RunningOtter local = new RunningOtter(false, WebSocketLimits.API_GATEWAY);

    @Test
    void aFloodOfGarbageConnects_isThrottledWith429_aRefusedConnectTakesNoSeat_andMessagesFlowMeanwhile() throws Exception {
        JsonNode room = createRoom(local.otter(), "{\"maxParticipants\":8}");
        String guest = token(room.path("url").asText());
        Joined bystander = TestSocket.join(local.client(), local.ws(), guest, "Bystander");
        Map<Integer, AtomicInteger> garbage = new ConcurrentHashMap<>();
        AtomicBoolean flooding = new AtomicBoolean(true);
        ExecutorService flooders = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        List<Socket> admitted = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                running.add(flooders.submit(() -> {
                    while (flooding.get()) {
                        garbage.computeIfAbsent(upgrade("not-a-token").status(), s -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!garbage.containsKey(429) && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(garbage).as("statuses of garbage connects").containsKey(429);

            // While the flood keeps the bucket empty, connects with a valid token are refused too, before the
            // $connect integration: count the ones that got through, then the room's seats.
            int refused = 0;
            for (int i = 0; i < 500 && refused == 0 && admitted.size() < 6; i++) {
                Upgrade attempt = upgrade(guest);
                if (attempt.status() == 101) admitted.add(attempt.socket());
                else {
                    assertThat(attempt.status()).isEqualTo(429);
                    refused++;
                    attempt.socket().close();
                }
            }
            assertThat(refused).isEqualTo(1);
            bystander.socket().send("{\"action\":\"ping\"}");
            bystander.socket().nextOfType("pong");
        } finally {
            flooding.set(false);
            for (Future<?> flooder : running) flooder.get(30, TimeUnit.SECONDS);
            flooders.shutdown();
        }
        int garbageRefusedByTheAuthorizer = garbage.entrySet().stream().filter(e -> e.getKey() == 401 || e.getKey() == 403)
                .mapToInt(e -> e.getValue().get()).sum();
        assertThat(garbageRefusedByTheAuthorizer).as("garbage that got past the throttle")
                .isGreaterThanOrEqualTo(DeploymentCapacity.DEFAULT.connects().burst() - 1);
        assertThat(garbage.keySet()).isSubsetOf(401, 403, 429);

        JsonNode seats = LocalOtterFixture.send("GET", local.otter().endpoints().apiUrl() + "/room/"
                + room.path("roomId").asText(), LocalOtterFixture.bearer(guest), null).body();
        assertThat(seats.path("participants").asInt()).isEqualTo(1 + admitted.size());
        for (Socket socket : admitted) socket.close();
    }

    record Upgrade(int status, Socket socket) {}

    /** A WebSocket upgrade request over a raw socket; the answer's status (the socket stays open on a 101). */
    private static Upgrade upgrade(String token) throws IOException {
        URI ws = URI.create(local.ws());
        Socket socket = new Socket("127.0.0.1", ws.getPort());
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + ws.getRawPath() + "?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + ws.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        int code = Integer.parseInt(status.split(" ")[1]);
        if (code != 101) socket.close();
        return new Upgrade(code, socket);
    }
}
