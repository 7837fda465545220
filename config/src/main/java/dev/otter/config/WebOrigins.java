package dev.otter.config;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Web origins a deployment names for other sites: those that may show its web app in an iframe (CSP
 * {@code frame-ancestors}; a room's own {@code embedOrigins} then decides which of these parents the call talks
 * to), and those whose pages may call its HTTP API (CORS), for developers who build their own UI on the SDK.
 * Empty means no other site.
 */
public record WebOrigins(List<String> origins) {
    public static final WebOrigins NONE = new WebOrigins(List.of());

    // Camera and microphone need a secure page, so plain http is only for local development.
    private static final Pattern ORIGIN = Pattern.compile(
            "https://[a-z0-9.-]+(:[0-9]{1,5})?|http://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?");

    public WebOrigins {
        origins = List.copyOf(origins);
    }

    /**
     * @param option the option's name, for the error message (e.g. {@code embedOrigins})
     * @param commaSeparated e.g. {@code https://portal.example.com,https://app.example.com}; blank for none
     */
    public static WebOrigins parse(String option, String commaSeparated) {
        LinkedHashSet<String> origins = new LinkedHashSet<>();
        for (String raw : commaSeparated.split(",")) {
            String origin = raw.trim().toLowerCase(Locale.ROOT);
            if (origin.isEmpty()) {
                continue;
            }
            if (!ORIGIN.matcher(origin).matches()) {
                throw new IllegalArgumentException(option + ": '" + raw.trim() + "' is not an origin such as "
                        + "https://portal.example.com (scheme and host, optional port, no path; http only for localhost)");
            }
            origins.add(origin);
        }
        return new WebOrigins(List.copyOf(origins));
    }

    public boolean isEmpty() {
        return origins.isEmpty();
    }

    @Override
    public String toString() {
        return Arrays.toString(origins.toArray());
    }
}
