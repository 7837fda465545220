package dev.otter.testing;

import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Counts DynamoDB requests by operation (request class name without "Request"), retries excluded. */
public final class RequestCounter implements ExecutionInterceptor {
    private final Map<String, Integer> counts = new TreeMap<>();

    @Override
    public synchronized void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        counts.merge(context.request().getClass().getSimpleName().replace("Request", ""), 1, Integer::sum);
    }

    public synchronized Map<String, Integer> counts() {
        return new TreeMap<>(counts);
    }

    public synchronized int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized void reset() {
        counts.clear();
    }
}
