package dev.otter.local.turn;

import dev.otter.core.port.RelayRevoker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ends TURN relays through coturn's admin CLI on 127.0.0.1: {@code psp <pattern>} lists the sessions whose username
 * contains the pattern, {@code cs <id>} cancels one (its allocation and relay go at once). Usernames are
 * {@code <expiry>:<roomId>:<peerId>}, so {@code :<roomId>:<peerId>} finds every session of a participant, whatever
 * credentials it used, and {@code :<roomId>:} every session of a room.
 */
final class CoturnCli implements RelayRevoker {
    private static final int TIMEOUT_MS = 5_000;
    private static final String PROMPT = "> ";
    private static final String PASSWORD_PROMPT = "Enter password: ";
    /** One session of {@code psp}'s listing: {@code 1) id=001000000000000001, user <1796…:room:peer>:}. */
    private static final Pattern SESSION = Pattern.compile("id=(\\d+), user <([^>]*)>");

    private final int port;
    private final String password;

    CoturnCli(int port, String password) {
        this.port = port;
        this.password = password;
    }

    static String newPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    int port() {
        return port;
    }

    String password() {
        return password;
    }

    @Override
    public void revoke(String roomId, String peerId) {
        String pattern = ":" + roomId + ":" + (peerId == null ? "" : peerId);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            readUntil(in, PASSWORD_PROMPT);
            send(out, password);
            readUntil(in, PROMPT);
            send(out, "psp " + pattern);
            List<String> sessions = new ArrayList<>();
            Matcher listed = SESSION.matcher(readUntil(in, PROMPT));
            while (listed.find()) {
                String username = listed.group(2);
                // A substring match: keep only this participant's (or this room's) own usernames.
                boolean ours = peerId == null ? username.contains(pattern) : username.endsWith(pattern);
                if (ours) sessions.add(listed.group(1));
            }
            for (String id : sessions) {
                send(out, "cs " + id);
                readUntil(in, PROMPT);
            }
            send(out, "quit");
        } catch (IOException e) {
            throw new UncheckedIOException("coturn's admin CLI on 127.0.0.1:" + port + " did not answer", e);
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Everything up to and including {@code marker} (the CLI's telnet option bytes pass through as they are). */
    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) throw new IOException("the CLI closed the connection before '" + marker.trim() + "'");
            seen.write(b);
            String text = seen.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith(marker)) return text;
        }
    }
}
