package dev.otter.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The origins a room may be embedded by. A browser compares {@code MessageEvent.origin} as a string, so each
 * origin is stored as browsers serialise it: lower-case, without a default port, without a path.
 */
public final class EmbedOrigins {
    public static final int MAX_ORIGINS = 10;

    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern ORIGIN = Pattern.compile(
            "(?<scheme>https|http)://(?<host>" + LABEL + "(?:\\." + LABEL + ")*)(?::(?<port>[0-9]{1,5}))?");
    /** Plain http only where no network sits between the browser and the page. */
    private static final Set<String> HTTP_HOSTS = Set.of("localhost", "127.0.0.1");
    private static final int MAX_LENGTH = 270;

    private EmbedOrigins() {}

    /**
     * @return the origins in their serialised form, duplicates removed, in the order given
     * @throws OtterException INVALID_FIELD naming the first bad entry
     */
    public static List<String> normalise(List<String> origins) {
        if (origins.size() > MAX_ORIGINS) {
            throw OtterException.invalidField("embedOrigins may list at most " + MAX_ORIGINS + " origins");
        }
        Set<String> result = new LinkedHashSet<>();
        for (int i = 0; i < origins.size(); i++) result.add(normaliseOne(origins.get(i), i));
        return List.copyOf(result);
    }

    private static String normaliseOne(String origin, int index) {
        Matcher m = origin == null || origin.length() > MAX_LENGTH ? null : ORIGIN.matcher(origin.toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) throw invalid(index);
        String scheme = m.group("scheme");
        String host = m.group("host");
        if (scheme.equals("http") && !HTTP_HOSTS.contains(host)) throw invalid(index);
        String port = m.group("port");
        if (port == null) return scheme + "://" + host;
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) throw invalid(index);
        boolean defaultPort = number == (scheme.equals("https") ? 443 : 80);
        return scheme + "://" + host + (defaultPort ? "" : ":" + number);
    }

    private static OtterException invalid(int index) {
        return OtterException.invalidField("embedOrigins[" + index + "] must be an origin such as https://app.example.com"
                + " or https://app.example.com:8443 (no path; plain http only for localhost and 127.0.0.1)");
    }
}
