package dev.otter.infra;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The sites a deployment lets show its web app in an iframe (CSP {@code frame-ancestors}). Framing is a
 * per-deployment header, so this list is the outer gate; a room's own {@code embedOrigins} then decides which
 * of these parents the call talks to. Empty means no site may frame the app (clickjacking protection).
 */
public record FramingOrigins(List<String> origins) {
    public static final FramingOrigins NONE = new FramingOrigins(List.of());

    // Camera and microphone in a frame need a secure parent, so plain http is only for local development.
    private static final Pattern ORIGIN = Pattern.compile(
            "https://[a-z0-9.-]+(:[0-9]{1,5})?|http://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?");

    public FramingOrigins {
        origins = List.copyOf(origins);
    }

    /** @param commaSeparated e.g. {@code https://portal.example.com,https://app.example.com}; blank for none */
    public static FramingOrigins parse(String commaSeparated) {
        LinkedHashSet<String> origins = new LinkedHashSet<>();
        for (String raw : commaSeparated.split(",")) {
            String origin = raw.trim().toLowerCase(Locale.ROOT);
            if (origin.isEmpty()) {
                continue;
            }
            if (!ORIGIN.matcher(origin).matches()) {
                throw new IllegalArgumentException("embedOrigins: '" + raw.trim() + "' is not an origin such as "
                        + "https://portal.example.com (scheme and host, optional port, no path; http only for localhost)");
            }
            origins.add(origin);
        }
        return new FramingOrigins(List.copyOf(origins));
    }

    public boolean isEmpty() {
        return origins.isEmpty();
    }

    /** The CSP source list: {@code 'none'}, or the app itself plus each allowed site. */
    public String frameAncestors() {
        return isEmpty() ? "'none'" : "'self' " + String.join(" ", origins);
    }

    @Override
    public String toString() {
        return Arrays.toString(origins.toArray());
    }
}
