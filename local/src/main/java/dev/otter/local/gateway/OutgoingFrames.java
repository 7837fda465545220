package dev.otter.local.gateway;

import java.util.ArrayList;
import java.util.List;

/** Splits a text message into fragments whose UTF-8 encoding fits a frame, never inside a character. */
final class OutgoingFrames {
    /** A UTF-16 char encodes to at most 3 UTF-8 bytes (a surrogate pair, two chars, to 4). */
    private static final int MAX_UTF8_BYTES_PER_CHAR = 3;

    private OutgoingFrames() {}

    static List<String> split(String message, int maxFrameBytes) {
        // Every signaling message but a large one: certainly one frame, without counting its bytes.
        if ((long) message.length() * MAX_UTF8_BYTES_PER_CHAR <= maxFrameBytes) {
            return List.of(message);
        }
        List<String> frames = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        int i = 0;
        while (i < message.length()) {
            int codePoint = message.codePointAt(i);
            int size = utf8Bytes(codePoint);
            if (bytes + size > maxFrameBytes) {
                frames.add(message.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        frames.add(message.substring(start));
        return frames;
    }

    private static int utf8Bytes(int codePoint) {
        if (codePoint < 0x80) return 1;
        if (codePoint < 0x800) return 2;
        if (codePoint < 0x10000) return 3;
        return 4;
    }
}
