package dev.otter.shaded;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Invokes handlers as the Lambda Java runtime does, in a JVM whose class path is the shaded jar, the runtime's
 * own serialization library and this class: the handler is built once with its no-argument constructor (the
 * init phase), each event is read from JSON and each answer written to JSON by the serializer the runtime picks
 * for the handler's declared types (aws-lambda-java-runtime-interface-client's {@code EventHandlerLoader}: the
 * customised {@link LambdaEventSerializers} for the event classes it lists, its plain {@link JacksonFactory}
 * for every other class, which includes all API Gateway v2 and authorizer classes).
 *
 * <p>Protocol, one line each way: {@code <handler class> <base64 event JSON>} in, {@code RESPONSE <base64 JSON>}
 * or {@code FAILED <base64 description>} out. Ends at the end of its input.
 */
public final class LambdaRuntimeProbe {
    private final Map<String, Invoker> handlers = new HashMap<>();

    public static void main(String[] args) throws Exception {
        new LambdaRuntimeProbe().serve();
    }

    private void serve() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) continue;
            String[] parts = line.split(" ", 2);
            String answer;
            try {
                byte[] event = Base64.getDecoder().decode(parts[1]);
                answer = "RESPONSE " + encode(invoker(parts[0]).invoke(event));
            } catch (Throwable e) {
                answer = "FAILED " + encode(describe(e).getBytes(StandardCharsets.UTF_8));
            }
            System.out.println(answer);
            System.out.flush();
        }
    }

    private Invoker invoker(String handlerClass) throws Exception {
        Invoker invoker = handlers.get(handlerClass);
        if (invoker == null) {
            invoker = new Invoker(Class.forName(handlerClass));
            handlers.put(handlerClass, invoker);
        }
        return invoker;
    }

    private static final class Invoker {
        private final RequestHandler<Object, Object> handler;
        private final PojoSerializer<Object> input;
        private final PojoSerializer<Object> output;

        @SuppressWarnings("unchecked")
        Invoker(Class<?> handlerClass) throws Exception {
            Type[] types = requestHandlerTypes(handlerClass);
            this.input = serializerFor((Class<Object>) types[0], handlerClass.getClassLoader());
            this.output = serializerFor((Class<Object>) types[1], handlerClass.getClassLoader());
            this.handler = (RequestHandler<Object, Object>) handlerClass.getConstructor().newInstance();
        }

        byte[] invoke(byte[] event) {
            Object request = input.fromJson(new ByteArrayInputStream(event));
            Object response = handler.handleRequest(request, null);
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            output.toJson(response, json);
            return json.toByteArray();
        }
    }

    // EventHandlerLoader.getSerializer for a Class on a platform other than Android.
    private static PojoSerializer<Object> serializerFor(Class<Object> type, ClassLoader loader) {
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return LambdaEventSerializers.serializerFor(type, loader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    private static Type[] requestHandlerTypes(Class<?> handlerClass) {
        for (Type type : handlerClass.getGenericInterfaces()) {
            if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == RequestHandler.class) {
                return parameterized.getActualTypeArguments();
            }
        }
        throw new IllegalArgumentException(handlerClass.getName() + " does not implement RequestHandler<I, O> directly");
    }

    // Exception classes and messages only: a message may not carry a token, and none of ours does.
    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (out.length() > 0) out.append(" <- ");
            out.append(t.getClass().getName()).append(": ").append(t.getMessage());
        }
        return out.toString();
    }

    private static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
