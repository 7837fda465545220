package dev.otter.local.gateway;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/** Errors Jetty itself answers (bad requests, failures outside a handler) in API Gateway's words, without details. */
public final class GatewayErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        String message = status >= 500 ? "Internal Server Error" : switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 413 -> "Request Entity Too Large";
            case 431 -> "Request Header Fields Too Large";
            default -> "Error";
        };
        HttpGateway.writeGatewayAnswer(response, callback, status, message);
        return true;
    }
}
