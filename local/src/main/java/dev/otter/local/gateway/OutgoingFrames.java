package dev.otter.local.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits a text message into fragments whose UTF-8 encoding fits a frame, never inside a character. */
final class OutgoingFrames {
    private OutgoingFrames() {}

    static List<String> split(String message, int maxFrameBytes) {
        List<String> frames = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        int i = 0;
        while (i < message.length()) {
            int codePoint = message.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
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
}
