package dev.otter.local.turn;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A TURN Allocate (and Refresh) over UDP with long-term credentials (RFC 5766 / 5389), just enough to prove that a
 * TURN server accepts a username and password: the unauthenticated request gets 401 with realm and nonce, the
 * signed one a success response; and whether an allocation, once granted, is still kept.
 */
public final class TurnAllocation {
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final short ALLOCATE = 0x0003;
    private static final short REFRESH = 0x0004;
    private static final short SUCCESS = 0x0100;
    private static final short ERROR = 0x0110;
    private static final short LIFETIME = 0x000D;
    private static final short ERROR_CODE = 0x0009;
    private static final short USERNAME = 0x0006;
    private static final short MESSAGE_INTEGRITY = 0x0008;
    private static final short REALM = 0x0014;
    private static final short NONCE = 0x0015;
    private static final short REQUESTED_TRANSPORT = 0x0019;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TurnAllocation() {}

    /** @return whether the server granted an allocation to these credentials */
    public static boolean allocate(InetSocketAddress server, String username, String password, Duration timeout) throws Exception {
        return refusal(server, username, password, timeout).isEmpty();
    }

    /**
     * Allocates once and lets the allocation go (it stays on the server until its lifetime ends).
     *
     * @return empty when the server granted it, else why not ("486 Allocation Quota Reached", "no answer"), for a
     *     test's failure message
     */
    public static Optional<String> refusal(InetSocketAddress server, String username, String password, Duration timeout) throws Exception {
        Attempt attempt = attempt(server, username, password, timeout);
        if (attempt.held() == null) return Optional.of(attempt.refusal());
        attempt.held().close();
        return Optional.empty();
    }

    /**
     * Allocates and keeps the allocation, as a client holding a relay does: the caller refreshes it with
     * {@link Held#refresh()} and closes it when done. Null when the server granted none.
     */
    public static Held hold(InetSocketAddress server, String username, String password, Duration timeout) throws Exception {
        return attempt(server, username, password, timeout).held();
    }

    /** A granted allocation, or null and the reason the server gave. */
    private record Attempt(Held held, String refusal) {}

    private static Attempt attempt(InetSocketAddress server, String username, String password, Duration timeout) throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setSoTimeout((int) timeout.toMillis());
        Map<Short, byte[]> challenge = exchange(socket, server, request(ALLOCATE, Map.of(), null));
        if (challenge == null || !challenge.containsKey(REALM) || !challenge.containsKey(NONCE)) {
            socket.close();
            return new Attempt(null, "no challenge: " + describe(challenge));
        }
        String realm = new String(challenge.get(REALM), StandardCharsets.UTF_8);
        byte[] key = MessageDigest.getInstance("MD5").digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
        Held held = new Held(socket, server, username, challenge.get(REALM), challenge.get(NONCE), key);
        Map<Short, byte[]> granted = exchange(socket, server, request(ALLOCATE, held.signedAttributes(), key));
        if (granted == null || !granted.containsKey((short) -1)) {
            socket.close();
            return new Attempt(null, describe(granted));
        }
        return new Attempt(held, null);
    }

    /** An allocation a client holds on its own UDP socket (its TURN session is that socket's 5-tuple). */
    public static final class Held implements AutoCloseable {
        private final DatagramSocket socket;
        private final InetSocketAddress server;
        private final String username;
        private final byte[] realm;
        private byte[] nonce;
        private final byte[] key;

        private Held(DatagramSocket socket, InetSocketAddress server, String username, byte[] realm, byte[] nonce, byte[] key) {
            this.socket = socket;
            this.server = server;
            this.username = username;
            this.realm = realm;
            this.nonce = nonce;
            this.key = key;
        }

        private Map<Short, byte[]> signedAttributes() {
            Map<Short, byte[]> signed = new java.util.LinkedHashMap<>();
            signed.put(USERNAME, username.getBytes(StandardCharsets.UTF_8));
            signed.put(REALM, realm);
            signed.put(NONCE, nonce);
            return signed;
        }

        /**
         * A Refresh of the allocation (lifetime 600 s) with the same credentials, as a browser sends every few minutes.
         * A stale nonce is taken from the answer and the Refresh sent once more.
         *
         * @return whether the server still keeps the allocation
         */
        public boolean refresh() throws Exception {
            for (int attempt = 0; attempt < 2; attempt++) {
                Map<Short, byte[]> attributes = signedAttributes();
                attributes.put(LIFETIME, new byte[] {0, 0, 0x02, 0x58});
                Map<Short, byte[]> answer = exchange(socket, server, request(REFRESH, attributes, key));
                if (answer == null) return false;
                if (answer.containsKey((short) -1)) return true;
                byte[] error = answer.get(ERROR_CODE);
                boolean staleNonce = error != null && error.length >= 4 && error[2] == 4 && error[3] == 38;
                if (!staleNonce || !answer.containsKey(NONCE)) return false;
                nonce = answer.get(NONCE);
            }
            return false;
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** "no answer", or the error response's code and reason phrase. */
    private static String describe(Map<Short, byte[]> answer) {
        if (answer == null) return "no answer";
        byte[] error = answer.get(ERROR_CODE);
        if (error == null || error.length < 4) return answer.containsKey((short) -1) ? "a success response" : "an error without a code";
        return (error[2] * 100 + error[3]) + " " + new String(error, 4, error.length - 4, StandardCharsets.UTF_8);
    }

    private static byte[] request(short method, Map<Short, byte[]> attributes, byte[] key) throws Exception {
        byte[] transactionId = new byte[12];
        RANDOM.nextBytes(transactionId);
        ByteBuffer body = ByteBuffer.allocate(1024);
        if (method == ALLOCATE) attribute(body, REQUESTED_TRANSPORT, new byte[] {17, 0, 0, 0});
        attributes.forEach((type, value) -> attribute(body, type, value));
        int length = body.position() + (key == null ? 0 : 24);
        ByteBuffer message = ByteBuffer.allocate(20 + length);
        message.putShort(method).putShort((short) length).putInt(MAGIC_COOKIE).put(transactionId);
        message.put(body.array(), 0, body.position());
        if (key != null) {
            Mac hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(key, "HmacSHA1"));
            hmac.update(message.array(), 0, message.position());
            message.putShort(MESSAGE_INTEGRITY).putShort((short) 20).put(hmac.doFinal());
        }
        return message.array();
    }

    private static void attribute(ByteBuffer buffer, short type, byte[] value) {
        buffer.putShort(type).putShort((short) value.length).put(value);
        while (buffer.position() % 4 != 0) buffer.put((byte) 0);
    }

    /**
     * The response's attributes, with key -1 present on a success response; null when none came within the socket's
     * timeout or it was of another type. The request is retransmitted as RFC 5389 asks of a client over UDP (first
     * after 250 ms, then at doubling intervals), since one lost datagram or a busy server must not read as a refusal.
     */
    private static Map<Short, byte[]> exchange(DatagramSocket socket, InetSocketAddress server, byte[] request) throws IOException {
        long deadline = System.nanoTime() + socket.getSoTimeout() * 1_000_000L;
        int timeout = socket.getSoTimeout();
        byte[] buffer = new byte[1500];
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        long retransmitAfter = 250;
        try {
            while (true) {
                socket.send(new DatagramPacket(request, request.length, server));
                long waitUntil = Math.min(deadline, System.nanoTime() + retransmitAfter * 1_000_000L);
                retransmitAfter *= 2;
                if (awaitAnswer(socket, reply, request, waitUntil)) break;
                if (System.nanoTime() >= deadline) return null;
            }
        } finally {
            socket.setSoTimeout(timeout);
        }
        ByteBuffer response = ByteBuffer.wrap(buffer, 0, reply.getLength());
        short type = response.getShort();
        int length = response.getShort() & 0xffff;
        response.position(20);
        Map<Short, byte[]> attributes = new HashMap<>();
        if ((type & 0x0110) == SUCCESS) attributes.put((short) -1, new byte[0]);
        else if ((type & 0x0110) != ERROR) return null;
        while (response.position() + 4 <= 20 + length) {
            short attributeType = response.getShort();
            int attributeLength = response.getShort() & 0xffff;
            byte[] value = new byte[attributeLength];
            response.get(value);
            attributes.put(attributeType, value);
            while (response.position() % 4 != 0 && response.hasRemaining()) response.get();
        }
        return attributes;
    }

    /** Waits until waitUntil for the answer to this request (same transaction id), skipping answers to earlier sends. */
    private static boolean awaitAnswer(DatagramSocket socket, DatagramPacket reply, byte[] request, long waitUntil) throws IOException {
        while (true) {
            long left = (waitUntil - System.nanoTime()) / 1_000_000L;
            if (left <= 0) return false;
            socket.setSoTimeout((int) left);
            try {
                socket.receive(reply);
            } catch (java.net.SocketTimeoutException e) {
                return false;
            }
            if (reply.getLength() >= 20 && java.util.Arrays.equals(reply.getData(), 8, 20, request, 8, 20)) return true;
        }
    }
}
