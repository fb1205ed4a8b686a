package io.streamgrad.serving;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request the service refuses, with the status and the JSON body that says why:
 * {@code {"error": "what was wrong", "expected": <what would have worked>}}.
 */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Response response;

    private HttpError(Response response, String message) {
        super(message, null, false, false);
        this.response = response;
    }

    static HttpError of(int status, String message, Object expected) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (expected != null) {
            body.put("expected", expected);
        }
        return new HttpError(Response.json(status, body), message);
    }

    static HttpError badRequest(String message, Object expected) {
        return of(400, message, expected);
    }

    static HttpError notFound(String path, List<String> routes) {
        return of(404, "no such path '" + path + "'; this service has " + String.join(", ", routes), null);
    }

    static HttpError methodNotAllowed(String method, String path, List<String> allowed) {
        HttpError error = of(405, method + " is not supported on " + path + "; use " + String.join(" or ", allowed),
                null);
        return new HttpError(error.response.withHeader("Allow", String.join(", ", allowed)), error.getMessage());
    }

    static HttpError tooLarge(long limit) {
        return of(413, "request body exceeds " + limit + " bytes (serving.max-request-bytes); send fewer rows per"
                + " request", null);
    }

    Response response() {
        return response;
    }
}
