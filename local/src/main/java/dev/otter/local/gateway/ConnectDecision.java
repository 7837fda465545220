package dev.otter.local.gateway;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates a REQUEST authorizer's IAM policy against the {@code $connect} method ARN the way API Gateway does:
 * an explicit Deny wins, otherwise an Allow for {@code execute-api:Invoke} on a matching resource is needed.
 */
final class ConnectDecision {
    private ConnectDecision() {}

    static boolean allows(IamPolicyResponseV1 response, String methodArn) {
        if (response == null || response.getPolicyDocument() == null) {
            return false;
        }
        boolean allowed = false;
        for (Map<?, ?> statement : statements(response.getPolicyDocument().get("Statement"))) {
            if (!covers(statement.get("Action"), "execute-api:Invoke") || !covers(statement.get("Resource"), methodArn)) {
                continue;
            }
            String effect = String.valueOf(statement.get("Effect"));
            if (effect.equalsIgnoreCase("Deny")) {
                return false;
            }
            allowed |= effect.equalsIgnoreCase("Allow");
        }
        return allowed;
    }

    /** {@code principalId} plus the authorizer's context: what every later event of the connection carries. */
    static Map<String, Object> context(IamPolicyResponseV1 response) {
        Map<String, Object> context = new LinkedHashMap<>();
        if (response.getContext() != null) {
            context.putAll(response.getContext());
        }
        if (response.getPrincipalId() != null) {
            context.put("principalId", response.getPrincipalId());
        }
        return context;
    }

    private static List<Map<?, ?>> statements(Object statement) {
        Collection<?> items;
        if (statement instanceof Object[] array) {
            items = List.of(array);
        } else if (statement instanceof Collection<?> collection) {
            items = collection;
        } else {
            return List.of();
        }
        return items.stream().filter(Map.class::isInstance).<Map<?, ?>>map(Map.class::cast).toList();
    }

    private static boolean covers(Object patterns, String value) {
        Collection<?> items = patterns instanceof Collection<?> c ? c
                : patterns instanceof Object[] a ? List.of(a)
                : patterns == null ? List.of() : List.of(patterns);
        return items.stream().map(String::valueOf).anyMatch(pattern -> glob(pattern).matcher(value).matches());
    }

    private static Pattern glob(String pattern) {
        List<String> literals = List.of(pattern.split("\\*", -1));
        return Pattern.compile(String.join(".*", literals.stream().map(Pattern::quote).toList()));
    }
}
