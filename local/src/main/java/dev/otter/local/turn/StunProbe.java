package dev.otter.local.turn;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;

/** Sends one STUN Binding request over UDP and says whether a Binding success response came back. */
public final class StunProbe {
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final short BINDING_REQUEST = 0x0001;
    private static final short BINDING_SUCCESS = 0x0101;
    private static final SecureRandom RANDOM = new SecureRandom();

    private StunProbe() {}

    public static boolean answers(InetSocketAddress server, Duration timeout) {
        byte[] transactionId = new byte[12];
        RANDOM.nextBytes(transactionId);
        ByteBuffer request = ByteBuffer.allocate(20)
                .putShort(BINDING_REQUEST).putShort((short) 0).putInt(MAGIC_COOKIE).put(transactionId);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.send(new DatagramPacket(request.array(), 20, server));
            byte[] buffer = new byte[1500];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            ByteBuffer response = ByteBuffer.wrap(buffer, 0, reply.getLength());
            return reply.getLength() >= 20
                    && response.getShort(0) == BINDING_SUCCESS
                    && response.getInt(4) == MAGIC_COOKIE
                    && Arrays.equals(Arrays.copyOfRange(buffer, 8, 20), transactionId);
        } catch (SocketTimeoutException silent) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
