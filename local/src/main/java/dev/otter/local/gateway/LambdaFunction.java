package dev.otter.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;

/**
 * A handler as API Gateway sees it: the Lambda function's name (for logs and the invocation context)
 * and the very handler instance that runs on AWS.
 */
public record LambdaFunction<I, O>(String name, RequestHandler<I, O> handler) {
    public O invoke(I event) {
        return handler.handleRequest(event, new LocalLambdaContext(name));
    }
}
