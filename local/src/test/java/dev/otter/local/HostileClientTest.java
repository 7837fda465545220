package dev.otter.local;

import static dev.otter.local.LocalOtterFixture.createRoom;
import static dev.otter.local.LocalOtterFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.local.TestSocket.Joined;
import dev.otter.local.gateway.WebSocketLimits;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Clients that misbehave below the protocol: over raw sockets, as an attacker would. */
class HostileClientTest {
    @RegisterExtension
    static final RunningOtter local = new RunningOtter(false, WebSocketLimits.API_GATEWAY);

    @Test
    void aSocketThatStopsReading_isClosedWith1008_insteadOfQueueingEverythingSentToIt() throws Exception {
        String guest = token(createRoom(local.otter(), "{}").path("url").asText());
        Joined sender = TestSocket.join(local.client(), local.ws(), guest, "Sender");
        try (Socket slow = new Socket()) {
            // A tiny receive window, so what the kernel buffers on our side stays small next to the flood.
            slow.setReceiveBufferSize(4096);
            slow.setSoTimeout(30_000);
            slow.connect(new InetSocketAddress("127.0.0.1", URI.create(local.ws()).getPort()));
            RawWebSocket raw = RawWebSocket.open(slow, local.ws() + "?token=" + guest);
            raw.sendText("{\"action\":\"join\",\"name\":\"Slow\"}");
            String slowPeer = sender.socket().nextOfType("peer-joined").path("peer").path("peerId").asText();

            // 9 MB, within the sender's own message budget (500 in 10 s), nine times the pending-bytes cap.
            String payload = "x".repeat(20_000);
            int signals = 450;
            for (int i = 0; i < signals; i++) {
                sender.socket().send("{\"action\":\"signal\",\"to\":\"" + slowPeer + "\",\"data\":{\"n\":" + i
                        + ",\"pad\":\"" + payload + "\"}}");
            }
            long sent = (long) signals * payload.length();

            RawWebSocket.Drained drained = raw.drainUntilClose();
            assertThat(drained.closeCode()).as("close code after %d payload bytes", drained.payloadBytes()).isEqualTo(1008);
            assertThat(drained.payloadBytes()).as("bytes delivered before the close, of %d sent", sent)
                    .isLessThan(sent / 2);
            assertThat(sender.socket().isOpen()).isTrue();
        }
    }

    @Test
    void aCaseFlippedRoomToken_isRefused_evenAfterTheValidOneOnTheSameKeepAliveConnection() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        String valid = token(room.path("url").asText());
        int flip = valid.lastIndexOf('.') + 1 + ThreadLocalRandom.current().nextInt(4);
        while (!Character.isLetter(valid.charAt(flip))) {
            flip++;
        }
        char c = valid.charAt(flip);
        String flipped = valid.substring(0, flip)
                + (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c)) + valid.substring(flip + 1);
        String path = URI.create(local.otter().endpoints().apiUrl()).getPath() + "/room/" + room.path("roomId").asText();

        try (Socket socket = new Socket("127.0.0.1", URI.create(local.otter().endpoints().apiUrl()).getPort())) {
            socket.setSoTimeout(30_000);
            assertThat(get(socket, path, valid)).isEqualTo(200);
            assertThat(get(socket, path, flipped)).isEqualTo(403);
        }
    }

    @Test
    void aBodyOverTheLimitThatIsNeverSent_getsA413AndAClose_soTheNextRequestOnTheConnectionIsNotSwallowedUnanswered() throws Exception {
        URI api = URI.create(local.otter().endpoints().apiUrl());
        try (Socket socket = new Socket("127.0.0.1", api.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            // Declares 20 MB (over the 10 MB limit) and sends none of it, then a request that must not go unanswered.
            out.write(("POST " + api.getPath() + "/createRoom HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 20000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String status = RawWebSocket.readLine(in);
            boolean closes = false;
            int length = 0;
            for (String line = RawWebSocket.readLine(in); !line.isEmpty(); line = RawWebSocket.readLine(in)) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) length = Integer.parseInt(lower.substring("content-length:".length()).trim());
                if (lower.equals("connection: close")) closes = true;
            }
            in.readFully(new byte[length]);
            try {
                out.write(("GET " + api.getPath() + "/room/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedMeanwhile) {
                // The server closed first: that is an answer too.
            }
            // Either an answer or the end of the stream, never silence until the timeout.
            int next = in.read();

            assertThat(status).startsWith("HTTP/1.1 413");
            assertThat(closes).as("the 413 says Connection: close").isTrue();
            assertThat(next).as("the connection is closed after the 413").isEqualTo(-1);
        }
    }

    @Test
    void anUnknownExpectation_getsA4xx_neverACloseWithoutAnswerOrSilence_evenOnAReusedOrPipelinedConnection() throws Exception {
        URI api = URI.create(local.otter().endpoints().apiUrl());
        String plain = "GET " + api.getPath() + "/room/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        List<String> expecting = List.of(
                "GET " + api.getPath() + "/room/x HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: something-else\r\n\r\n",
                "POST " + api.getPath() + "/createRoom HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 2\r\nExpect: something-else\r\n\r\n{}");
        // Jetty 12.0.16 closed about half of these connections without a word (its issue #13583, a race): each
        // shape is tried many times so the race shows, each on a new connection so one failure hides no other.
        int tries = 40;
        List<String> unanswered = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            for (String request : expecting) {
                String shape = request.substring(0, request.indexOf(' ')) + " #" + i;
                // Alone on a new connection.
                try (Socket socket = rawSocket(api)) {
                    Outcome expect = exchange(socket, request);
                    if (!expect.isClientError()) unanswered.add("alone " + shape + ": " + expect);
                }
                // On a connection that served a request before, then a request after it.
                try (Socket socket = rawSocket(api)) {
                    assertThat(exchange(socket, plain).status()).as("the request before, %s", shape).isEqualTo(401);
                    Outcome expect = exchange(socket, request);
                    if (!expect.isClientError()) unanswered.add("reused " + shape + ": " + expect);
                    if (expect.keepsOpen()) {
                        Outcome after = exchange(socket, plain);
                        if (after.silent()) unanswered.add("after the reused " + shape + ": " + after);
                    }
                }
                // Pipelined: both requests in one write, as a proxy may send them.
                try (Socket socket = rawSocket(api)) {
                    Outcome expect = exchange(socket, request + plain);
                    if (!expect.isClientError()) unanswered.add("pipelined " + shape + ": " + expect);
                    if (expect.keepsOpen()) {
                        Outcome after = readOutcome(socket);
                        if (after.silent()) unanswered.add("after the pipelined " + shape + ": " + after);
                    }
                }
            }
        }

        // The request with the unknown expectation gets its 4xx; one behind it is answered or meets a clean close.
        assertThat(unanswered).as("of %d tries per shape", tries).isEmpty();
    }

    /** How long a request may go unanswered before it counts as never answered: far above any loopback answer. */
    private static final int SILENCE_BOUND_MS = 10_000;

    private static Socket rawSocket(URI api) throws IOException {
        Socket socket = new Socket("127.0.0.1", api.getPort());
        socket.setSoTimeout(SILENCE_BOUND_MS);
        return socket;
    }

    /**
     * What the server did with a request: answered it (its status, and whether the connection stays open), closed
     * the connection without an answer (status 0), or said nothing at all within {@link #SILENCE_BOUND_MS}.
     */
    private record Outcome(int status, boolean keepsOpen, boolean silent) {
        static final Outcome CLOSED_UNANSWERED = new Outcome(0, false, false);
        static final Outcome SILENT = new Outcome(0, false, true);

        boolean isClientError() {
            return status >= 400 && status < 500;
        }
    }

    private static Outcome exchange(Socket socket, String request) throws IOException {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException closedMeanwhile) {
            return Outcome.CLOSED_UNANSWERED;
        }
        return readOutcome(socket);
    }

    /** Reads one whole response (its body too), or notes the close or the silence that came instead. */
    private static Outcome readOutcome(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        try {
            int first = in.read();
            if (first < 0) {
                return Outcome.CLOSED_UNANSWERED;
            }
            String status = (char) first + RawWebSocket.readLine(in);
            boolean closes = false;
            int length = 0;
            for (String line = RawWebSocket.readLine(in); !line.isEmpty(); line = RawWebSocket.readLine(in)) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) length = Integer.parseInt(lower.substring("content-length:".length()).trim());
                if (lower.equals("connection: close")) closes = true;
            }
            in.readFully(new byte[length]);
            return new Outcome(Integer.parseInt(status.split(" ")[1]), !closes, false);
        } catch (SocketTimeoutException noAnswer) {
            return Outcome.SILENT;
        } catch (SocketException reset) {
            return Outcome.CLOSED_UNANSWERED;
        }
    }

    /** One HTTP/1.1 request on a kept-alive socket; the status of its answer, whose body it reads whole. */
    private static int get(Socket socket, String path, String token) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String status = RawWebSocket.readLine(in);
        int length = 0;
        for (String line = RawWebSocket.readLine(in); !line.isEmpty(); line = RawWebSocket.readLine(in)) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        in.readFully(new byte[length]);
        return Integer.parseInt(status.split(" ")[1]);
    }

    /** Just enough of RFC 6455 to join a room and then not read. */
    private record RawWebSocket(Socket socket, DataInputStream in, OutputStream out) {
        record Drained(int closeCode, long payloadBytes) {}

        static RawWebSocket open(Socket socket, String url) throws IOException {
            URI uri = URI.create(url);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + uri.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String status = readLine(in);
            assertThat(status).contains(" 101 ");
            while (!readLine(in).isEmpty()) {
                // upgrade response headers
            }
            return new RawWebSocket(socket, in, out);
        }

        void sendText(String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            byte[] mask = {1, 2, 3, 4};
            out.write(0x81);
            out.write(0x80 | payload.length); // short messages only
            out.write(mask);
            for (int i = 0; i < payload.length; i++) {
                out.write(payload[i] ^ mask[i % 4]);
            }
            out.flush();
        }

        /** Reads every frame the server wrote until its close frame; what the close said and what came before. */
        Drained drainUntilClose() throws IOException {
            long payloadBytes = 0;
            try {
                while (true) {
                    int opcode = in.readUnsignedByte() & 0x0f;
                    long length = in.readUnsignedByte() & 0x7f;
                    if (length == 126) {
                        length = in.readUnsignedShort();
                    } else if (length == 127) {
                        length = in.readLong();
                    }
                    if (opcode == 0x8) {
                        return new Drained(length >= 2 ? in.readUnsignedShort() : 1005, payloadBytes);
                    }
                    in.skipNBytes(length);
                    payloadBytes += length;
                }
            } catch (EOFException closedWithoutCloseFrame) {
                return new Drained(1006, payloadBytes);
            } catch (java.net.SocketTimeoutException neverClosed) {
                return new Drained(-1, payloadBytes);
            }
        }

        static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("connection closed mid-line");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }
    }
}
