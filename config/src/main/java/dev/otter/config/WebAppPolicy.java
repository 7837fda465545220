package dev.otter.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The security headers of every web-app response, in one place: CloudFront's response headers policy on AWS
 * and the local runner's static site send the same policy, so a page that works locally is not refused when
 * deployed (and an attack the policy stops locally is stopped on AWS too).
 */
public final class WebAppPolicy {
    private WebAppPolicy() {}

    /** The call needs camera, microphone and screen capture in the app's own frame, and nothing else. */
    public static final String PERMISSIONS_POLICY =
            "camera=(self), microphone=(self), display-capture=(self), fullscreen=(self), geolocation=(), payment=(), usb=()";
    /** Room ids are in the path; no other site needs to learn them. */
    public static final String REFERRER_POLICY = "no-referrer";

    /**
     * Scripts, styles and fonts from the app itself; media from the camera (mediastream:) and received files
     * (blob:); network to {@code connectSources} only. WebRTC media and TURN are not governed by CSP.
     * {@code 'wasm-unsafe-eval'} lets the page compile WebAssembly (background segmentation, noise suppression),
     * which it can only fetch from its own origin; it does not allow JavaScript {@code eval}.
     *
     * @param connectSources where the page may send requests and open sockets, e.g. {@code 'self' wss://host}
     * @param embedOrigins the sites that may show the app in an iframe; none: {@code frame-ancestors 'none'}
     */
    public static String contentSecurityPolicy(String connectSources, WebOrigins embedOrigins) {
        return String.join("; ",
                "default-src 'none'",
                "script-src 'self' 'wasm-unsafe-eval'",
                "style-src 'self'",
                "img-src 'self' data: blob:",
                "media-src 'self' blob: mediastream:",
                "font-src 'self'",
                "manifest-src 'self'",
                "worker-src 'self' blob:",
                connectDirective(connectSources),
                "frame-ancestors " + (embedOrigins.isEmpty() ? "'none'" : "'self' " + String.join(" ", embedOrigins.origins())),
                "base-uri 'none'",
                "form-action 'none'",
                "object-src 'none'");
    }

    /**
     * The {@code connect-src} directive: {@code connectSources}, plus {@code blob:} so the page may read back its
     * own object URLs (a received file), which never reach a network.
     */
    public static String connectDirective(String connectSources) {
        return "connect-src " + connectSources + " blob:";
    }

    /** {@code X-Frame-Options} cannot name sites: DENY where nobody may frame the app, else absent. */
    public static boolean denyFraming(WebOrigins embedOrigins) {
        return embedOrigins.isEmpty();
    }

    /**
     * Every header as a plain server sends it (the local runner); CloudFront's policy sets the same values
     * through its typed behaviours, plus HSTS, which only means something over https.
     */
    public static Map<String, String> headers(String connectSources, WebOrigins embedOrigins) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", contentSecurityPolicy(connectSources, embedOrigins));
        headers.put("X-Content-Type-Options", "nosniff");
        if (denyFraming(embedOrigins)) {
            headers.put("X-Frame-Options", "DENY");
        }
        headers.put("Referrer-Policy", REFERRER_POLICY);
        headers.put("Permissions-Policy", PERMISSIONS_POLICY);
        return headers;
    }
}
