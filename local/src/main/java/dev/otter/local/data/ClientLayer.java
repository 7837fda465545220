package dev.otter.local.data;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * A layer over the runner's {@link DynamoDbClient}: it sees every one-argument call (in request or consumer
 * form) and either answers it or hands it to the client below. The SDK's client is an interface with many
 * operations, so a proxy keeps a layer to the few it cares about.
 */
final class ClientLayer {
    /** The call passed on to the client below. */
    @FunctionalInterface
    interface Below {
        Object call() throws Throwable;
    }

    @FunctionalInterface
    interface Handler {
        Object handle(String operation, Object argument, Below below) throws Throwable;
    }

    private ClientLayer() {}

    static DynamoDbClient over(DynamoDbClient client, String name, Handler handler) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> name + "(" + client + ")";
                        };
                    }
                    Below below = () -> {
                        try {
                            return method.invoke(client, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    };
                    return args != null && args.length == 1 ? handler.handle(method.getName(), args[0], below) : below.call();
                });
    }

    /** The request of a call, built when it came as a consumer of {@code builder}; {@code null} if neither. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <R> R request(Object argument, Class<R> type, SdkBuilder<?, ? extends R> builder) {
        if (type.isInstance(argument)) return type.cast(argument);
        if (!(argument instanceof Consumer consumer)) return null;
        consumer.accept(builder);
        return builder.build();
    }

    /** A {@code GetItem} of a table, a key and a consistency flag and nothing else, or {@code null}. */
    static GetItemRequest plainGetItem(String operation, Object argument) {
        if (!operation.equals("getItem")) return null;
        GetItemRequest request = request(argument, GetItemRequest.class, GetItemRequest.builder());
        if (request == null) return null;
        GetItemRequest bare = GetItemRequest.builder().tableName(request.tableName()).key(request.key())
                .consistentRead(request.consistentRead()).build();
        return request.equals(bare) && request.overrideConfiguration().isEmpty() ? request : null;
    }
}
