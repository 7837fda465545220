package dev.otter.shaded;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a Lambda function talks to, on 127.0.0.1 only: the container credentials endpoint Lambda serves under
 * SnapStart ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} + {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}), and one
 * endpoint for every AWS service ({@code AWS_ENDPOINT_URL}) that records each signed request. Secrets Manager's
 * GetSecretValue is answered from {@link #putSecret}, DynamoDB calls are passed on to a local engine unchanged,
 * and API Gateway {@code @connections} posts are kept per connection.
 *
 * <p>The credentials are random per instance and never printed.
 */
final class FakeAws implements AutoCloseable {
    static final String CREDENTIALS_PATH = "/2021-04-23/credentials";

    final String accessKeyId = "ASIA" + randomToken(8).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "X");
    final String secretAccessKey = randomToken(30);
    final String sessionToken = randomToken(48);
    final String authorizationToken = randomToken(24);

    private final HttpServer server;
    private final URI dynamoDb;
    private final HttpClient forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<SignedCall> calls = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> posts = new ConcurrentHashMap<>();
    private final List<String> queued = new CopyOnWriteArrayList<>();
    private final AtomicInteger credentialFetches = new AtomicInteger();
    private final AtomicInteger refusedCredentialFetches = new AtomicInteger();

    /** One AWS API call as it arrived: enough to check who signed it and how. */
    record SignedCall(String service, String operation, String method, String rawPath, String rawQuery,
                      Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** @param dynamoDb where DynamoDB calls are passed on to */
    FakeAws(URI dynamoDb) throws IOException {
        this.dynamoDb = dynamoDb;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    URI credentialsUri() {
        return endpoint().resolve(CREDENTIALS_PATH);
    }

    void putSecret(String secretId, String value) {
        secrets.put(secretId, value);
    }

    List<SignedCall> calls() {
        return List.copyOf(calls);
    }

    int credentialFetches() {
        return credentialFetches.get();
    }

    int refusedCredentialFetches() {
        return refusedCredentialFetches.get();
    }

    /** The bodies posted to one connection through the API Gateway management API, oldest first. */
    List<String> postsTo(String connectionId) {
        return List.copyOf(posts.getOrDefault(connectionId, List.of()));
    }

    void clear() {
        calls.clear();
        credentialFetches.set(0);
        refusedCredentialFetches.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals(CREDENTIALS_PATH)) {
                credentials(exchange);
                return;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            SignedCall call = record(exchange, body, target);
            if (target != null && target.startsWith("secretsmanager.")) {
                secret(exchange, body);
            } else if (target != null && target.startsWith("DynamoDB_20120810.")) {
                passToDynamoDb(exchange, body, target);
            } else if ("AmazonSQS.SendMessage".equals(target)) {
                sendMessage(exchange, body);
            } else if (path.startsWith("/@connections/")) {
                String connectionId = java.net.URLDecoder.decode(path.substring("/@connections/".length()), StandardCharsets.UTF_8);
                if (call.method().equals("POST")) {
                    posts.computeIfAbsent(connectionId, id -> new CopyOnWriteArrayList<>()).add(new String(body, StandardCharsets.UTF_8));
                }
                reply(exchange, 200, "application/json", "{}");
            } else {
                reply(exchange, 400, "application/json", "{\"message\":\"FakeAws does not serve " + call.operation() + "\"}");
            }
        }
    }

    private SignedCall record(HttpExchange exchange, byte[] body, String target) {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String service;
        String operation;
        if (target != null && target.startsWith("secretsmanager.")) {
            service = "secretsmanager";
            operation = target.substring(target.indexOf('.') + 1);
        } else if (target != null && target.startsWith("DynamoDB_20120810.")) {
            service = "dynamodb";
            operation = target.substring(target.indexOf('.') + 1);
        } else if (target != null && target.startsWith("AmazonSQS.")) {
            service = "sqs";
            operation = target.substring(target.indexOf('.') + 1);
        } else if (exchange.getRequestURI().getRawPath().startsWith("/@connections/")) {
            service = "execute-api";
            operation = exchange.getRequestMethod() + " @connections";
        } else {
            service = "unknown";
            operation = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
        }
        SignedCall call = new SignedCall(service, operation, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, body);
        calls.add(call);
        return call;
    }

    /** Keeps the message body; answers with its MD5, which the SQS client checks. */
    private void sendMessage(HttpExchange exchange, byte[] body) throws IOException {
        String message = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(body).path("MessageBody").asText();
        queued.add(message);
        String md5;
        try {
            md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(message.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        reply(exchange, 200, "application/x-amz-json-1.0",
                "{\"MessageId\":\"" + java.util.UUID.randomUUID() + "\",\"MD5OfMessageBody\":\"" + md5 + "\"}");
    }

    /** The bodies sent to the (one) queue so far. */
    List<String> queued() {
        return List.copyOf(queued);
    }

    private void credentials(HttpExchange exchange) throws IOException {
        if (!authorizationToken.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            refusedCredentialFetches.incrementAndGet();
            reply(exchange, 401, "application/json", "{\"message\":\"bad authorization token\"}");
            return;
        }
        credentialFetches.incrementAndGet();
        String expiration = Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        reply(exchange, 200, "application/json", "{\"AccessKeyId\":\"" + accessKeyId + "\",\"SecretAccessKey\":\"" + secretAccessKey
                + "\",\"Token\":\"" + sessionToken + "\",\"Expiration\":\"" + expiration + "\"}");
    }

    private void secret(HttpExchange exchange, byte[] body) throws IOException {
        String request = new String(body, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            if (request.contains("\"SecretId\":\"" + secret.getKey() + "\"")) {
                String json = "{\"ARN\":\"" + secret.getKey() + "\",\"Name\":\"otter\",\"VersionId\":\"v1\",\"SecretString\":"
                        + com.fasterxml.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(secret.getValue())
                        + ",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7E9}";
                reply(exchange, 200, "application/x-amz-json-1.1", json);
                return;
            }
        }
        exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
        reply(exchange, 400, "application/x-amz-json-1.1",
                "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}");
    }

    private void passToDynamoDb(HttpExchange exchange, byte[] body, String target) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(dynamoDb).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.0");
        for (String name : List.of("Authorization", "X-Amz-Date", "X-Amz-Security-Token")) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) request.header(name, value);
        }
        try {
            HttpResponse<byte[]> response = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue("x-amzn-ErrorType").ifPresent(type -> exchange.getResponseHeaders().add("x-amzn-ErrorType", type));
            reply(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse("application/x-amz-json-1.0"),
                    response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        reply(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) exchange.getResponseBody().write(body);
    }

    /**
     * Checks a call's AWS Signature Version 4 against this endpoint's credentials: the access key id and scope in
     * {@code Credential=}, the session token header, and the signature itself recomputed from the request as it
     * arrived. Returns what is wrong, or {@code null} when the call was signed with these credentials.
     */
    String signatureProblem(SignedCall call, String region) {
        String authorization = call.header("Authorization");
        if (authorization == null) return call.operation() + ": no Authorization header";
        if (!authorization.startsWith("AWS4-HMAC-SHA256 ")) return call.operation() + ": not SigV4";
        Map<String, String> parts = new TreeMap<>();
        for (String part : authorization.substring("AWS4-HMAC-SHA256 ".length()).split(",\\s*")) {
            int eq = part.indexOf('=');
            if (eq > 0) parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        String[] scope = parts.getOrDefault("Credential", "").split("/");
        if (scope.length != 5) return call.operation() + ": malformed Credential";
        if (!scope[0].equals(accessKeyId)) return call.operation() + ": signed with another access key id";
        if (!scope[2].equals(region) || !scope[3].equals(call.service()) || !scope[4].equals("aws4_request")) {
            return call.operation() + ": scope " + String.join("/", List.of(scope).subList(1, 5)) + " is not " + region + "/" + call.service();
        }
        if (!sessionToken.equals(call.header("X-Amz-Security-Token"))) return call.operation() + ": session token missing or different";
        String amzDate = call.header("X-Amz-Date");
        if (amzDate == null || !amzDate.startsWith(scope[1])) return call.operation() + ": X-Amz-Date does not match the scope date";

        List<String> signedHeaders = List.of(parts.getOrDefault("SignedHeaders", "").split(";"));
        if (!signedHeaders.containsAll(Set.of("host", "x-amz-date", "x-amz-security-token"))) {
            return call.operation() + ": host, x-amz-date or the token are not signed: " + signedHeaders;
        }
        StringBuilder canonical = new StringBuilder()
                .append(call.method()).append('\n')
                .append(canonicalPath(call.rawPath())).append('\n')
                .append(canonicalQuery(call.rawQuery())).append('\n');
        for (String name : signedHeaders) {
            String value = call.header(name);
            if (value == null) return call.operation() + ": signed header " + name + " did not arrive";
            canonical.append(name).append(':').append(value.trim().replaceAll("\\s+", " ")).append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n');
        String payloadHash = call.header("x-amz-content-sha256");
        canonical.append(payloadHash != null && !payloadHash.startsWith("UNSIGNED") && !payloadHash.startsWith("STREAMING")
                ? payloadHash : hex(sha256(call.body())));
        String credentialScope = String.join("/", List.of(scope).subList(1, 5));
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + credentialScope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, scope[2]);
        key = hmac(key, scope[3]);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, stringToSign));
        return expected.equals(parts.get("Signature")) ? null : call.operation() + ": the signature does not verify with the served secret key";
    }

    // Services other than S3 sign the path URI-encoded once more than it is sent.
    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) return "/";
        StringBuilder out = new StringBuilder();
        for (char c : rawPath.toCharArray()) {
            if (c == '/' || Character.isLetterOrDigit(c) && c < 128 || "-_.~".indexOf(c) >= 0) out.append(c);
            else out.append('%').append(String.format("%02X", (int) c));
        }
        return out.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return "";
        List<String> pairs = new ArrayList<>(List.of(rawQuery.split("&")));
        pairs.replaceAll(pair -> pair.contains("=") ? pair : pair + "=");
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String randomToken(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random).replace('-', 'a').replace('_', 'b');
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
