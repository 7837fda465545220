package dev.otter.core.webhook;

import dev.otter.core.Ids;
import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import dev.otter.core.port.WebhookStore;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** A deployment's webhook endpoints: registering one (its secret shown this once), listing, deleting; the dead letters. */
public final class Webhooks {
    /** Each endpoint gets every event: a handful is plenty, and each costs a delivery per event. */
    public static final int MAX_ENDPOINTS = 10;
    public static final int MAX_URL_LENGTH = 2048;
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** Which URLs an endpoint may have. */
    public enum UrlPolicy {
        /** https only: deployed Otter. */
        HTTPS,
        /** https, or http to this machine's loopback: the local runner, so a receiver needs no certificate. */
        HTTPS_OR_LOOPBACK_HTTP
    }

    /** @param secret the signing secret, returned by the registration only */
    public record Registered(WebhookEndpoint endpoint, String secret) {}

    private final WebhookStore store;
    private final UrlPolicy urls;
    private final Clock clock;

    public Webhooks(WebhookStore store, UrlPolicy urls, Clock clock) {
        this.store = store;
        this.urls = urls;
        this.clock = clock;
    }

    /** @throws OtterException INVALID_FIELD for a URL that is not allowed, WEBHOOK_LIMIT when there are enough */
    public Registered register(String url) {
        String checked = requireUrl(url);
        if (store.endpoints().size() >= MAX_ENDPOINTS) {
            throw new OtterException(Problem.WEBHOOK_LIMIT, "at most " + MAX_ENDPOINTS + " webhook endpoints; delete one first");
        }
        String secret = WebhookSecret.generate();
        WebhookEndpoint endpoint = new WebhookEndpoint("wh_" + Ids.random(12), checked, secret, clock.instant());
        store.putEndpoint(endpoint);
        return new Registered(endpoint, secret);
    }

    public List<WebhookEndpoint> list() {
        return store.endpoints();
    }

    /** @throws OtterException WEBHOOK_NOT_FOUND */
    public void delete(String id) {
        if (id == null || id.isBlank() || id.length() > 64 || !store.deleteEndpoint(id)) {
            throw new OtterException(Problem.WEBHOOK_NOT_FOUND, "no webhook endpoint has that id");
        }
    }

    public List<DeadLetter> deadLetters() {
        return store.deadLetters();
    }

    private String requireUrl(String url) {
        if (url == null || url.isBlank()) throw OtterException.invalidField("url is required");
        if (url.length() > MAX_URL_LENGTH) throw OtterException.invalidField("url is longer than " + MAX_URL_LENGTH + " characters");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw OtterException.invalidField("url is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
            throw OtterException.invalidField("url needs a host, and no user name or #fragment");
        }
        boolean loopbackHttp = urls == UrlPolicy.HTTPS_OR_LOOPBACK_HTTP && scheme.equals("http")
                && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
        if (!scheme.equals("https") && !loopbackHttp) {
            throw OtterException.invalidField(urls == UrlPolicy.HTTPS ? "url must be https"
                    : "url must be https, or http to 127.0.0.1, [::1] or localhost");
        }
        if (urls == UrlPolicy.HTTPS && isLocalAddress(uri.getHost())) {
            // The sender must not be pointed at its own machine or network (the Lambda runtime's loopback APIs).
            throw OtterException.invalidField("url must name a public host, not a loopback, link-local or private address");
        }
        return url;
    }

    /** A host written as a loopback, link-local, private or unspecified IP address, or {@code localhost}. No DNS. */
    static boolean isLocalAddress(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost")) return true;
        boolean literal = IPV4.matcher(name).matches() || name.startsWith("[");
        if (!literal) return false;
        try {
            InetAddress address = InetAddress.getByName(name.startsWith("[") ? name.substring(1, name.length() - 1) : name);
            return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                    || address.isAnyLocalAddress() || (address.getAddress().length == 16 && (address.getAddress()[0] & 0xfe) == 0xfc);
        } catch (UnknownHostException e) {
            return true; // not an address we can read: refuse rather than guess
        }
    }
}
