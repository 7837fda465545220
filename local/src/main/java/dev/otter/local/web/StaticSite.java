package dev.otter.local.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The web app as the Frontend stack serves it: {@code /config.json} with this deployment's endpoints, the
 * built files, and {@code index.html} for any other GET (the single-page app routes {@code /room/<id>} itself).
 * Every answer carries the same security headers as CloudFront's ({@code WebAppPolicy}). Without a built web
 * app every page says how to build one; the API keeps working.
 */
public final class StaticSite extends Handler.Abstract {
    private static final MimeTypes MIME_TYPES = new MimeTypes();

    private final Path root;
    private final byte[] configJson;
    private final Map<String, String> securityHeaders;

    /** @param securityHeaders sent with every answer: the web app's CSP, framing, referrer and permissions policy */
    public StaticSite(Path root, String configJson, Map<String, String> securityHeaders) {
        super(InvocationType.BLOCKING);
        this.root = root.toAbsolutePath().normalize();
        this.configJson = configJson.getBytes(StandardCharsets.UTF_8);
        this.securityHeaders = Map.copyOf(securityHeaders);
    }

    public boolean available() {
        return Files.isRegularFile(root.resolve("index.html"));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        String path = Request.getPathInContext(request);
        if (path.equals("/config.json")) {
            send(response, callback, 200, "application/json", configJson, "no-cache");
            return true;
        }
        Path file = root.resolve(path.substring(1)).normalize();
        if (file.startsWith(root) && Files.isRegularFile(file)) {
            String type = MIME_TYPES.getMimeByExtension(file.getFileName().toString());
            boolean hashed = path.startsWith("/assets/");
            send(response, callback, 200, type == null ? "application/octet-stream" : type, Files.readAllBytes(file),
                    hashed ? "public, max-age=31536000, immutable" : "no-cache");
            return true;
        }
        if (available()) {
            send(response, callback, 200, "text/html;charset=utf-8", Files.readAllBytes(root.resolve("index.html")),
                    "no-cache");
        } else {
            String page = "<!doctype html><title>Otter</title><p>The web app is not built: no index.html in "
                    + escape(root.toString()) + ". Run <code>npm ci &amp;&amp; npm run build</code> in webapp/ "
                    + "(or start with --web-dir). The API is running.</p>";
            send(response, callback, 503, "text/html;charset=utf-8", page.getBytes(StandardCharsets.UTF_8), "no-cache");
        }
        return true;
    }

    private void send(Response response, Callback callback, int status, String type, byte[] body, String cache) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, cache);
        securityHeaders.forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
