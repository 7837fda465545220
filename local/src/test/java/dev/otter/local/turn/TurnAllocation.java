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
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A TURN Allocate over UDP with long-term credentials (RFC 5766 / 5389), just enough to prove that a TURN
 * server accepts a username and password: the unauthenticated request gets 401 with realm and nonce, the
 * signed one a success response.
 */
public final class TurnAllocation {
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final short ALLOCATE = 0x0003;
    private static final short ALLOCATE_SUCCESS = 0x0103;
    private static final short ALLOCATE_ERROR = 0x0113;
    private static final short USERNAME = 0x0006;
    private static final short MESSAGE_INTEGRITY = 0x0008;
    private static final short REALM = 0x0014;
    private static final short NONCE = 0x0015;
    private static final short REQUESTED_TRANSPORT = 0x0019;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TurnAllocation() {}

    /** @return whether the server granted an allocation to these credentials */
    public static boolean allocate(InetSocketAddress server, String username, String password, Duration timeout) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout((int) timeout.toMillis());
            Map<Short, byte[]> challenge = exchange(socket, server, request(Map.of(), null));
            if (challenge == null || !challenge.containsKey(REALM) || !challenge.containsKey(NONCE)) return false;
            String realm = new String(challenge.get(REALM), StandardCharsets.UTF_8);
            byte[] key = MessageDigest.getInstance("MD5").digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
            Map<Short, byte[]> signed = new java.util.LinkedHashMap<>();
            signed.put(USERNAME, username.getBytes(StandardCharsets.UTF_8));
            signed.put(REALM, challenge.get(REALM));
            signed.put(NONCE, challenge.get(NONCE));
            Map<Short, byte[]> granted = exchange(socket, server, request(signed, key));
            return granted != null && granted.containsKey((short) -1);
        }
    }

    private static byte[] request(Map<Short, byte[]> attributes, byte[] key) throws Exception {
        byte[] transactionId = new byte[12];
        RANDOM.nextBytes(transactionId);
        ByteBuffer body = ByteBuffer.allocate(1024);
        attribute(body, REQUESTED_TRANSPORT, new byte[] {17, 0, 0, 0});
        attributes.forEach((type, value) -> attribute(body, type, value));
        int length = body.position() + (key == null ? 0 : 24);
        ByteBuffer message = ByteBuffer.allocate(20 + length);
        message.putShort(ALLOCATE).putShort((short) length).putInt(MAGIC_COOKIE).put(transactionId);
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

    /** The response's attributes, with key -1 present on a success response; null on timeout or another type. */
    private static Map<Short, byte[]> exchange(DatagramSocket socket, InetSocketAddress server, byte[] request) throws IOException {
        socket.send(new DatagramPacket(request, request.length, server));
        byte[] buffer = new byte[1500];
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(reply);
        } catch (java.net.SocketTimeoutException e) {
            return null;
        }
        ByteBuffer response = ByteBuffer.wrap(buffer, 0, reply.getLength());
        short type = response.getShort();
        int length = response.getShort() & 0xffff;
        response.position(20);
        Map<Short, byte[]> attributes = new HashMap<>();
        if (type == ALLOCATE_SUCCESS) attributes.put((short) -1, new byte[0]);
        else if (type != ALLOCATE_ERROR) return null;
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
}
