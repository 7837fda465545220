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
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
