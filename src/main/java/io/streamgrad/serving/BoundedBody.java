package io.streamgrad.serving;

import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit, refusing a larger one before reading it all. */
final class BoundedBody {
    private BoundedBody() {
    }

    /**
     * The body of {@code exchange}, at most {@code limit} bytes.
     *
     * @throws HttpError 413 when the declared Content-Length exceeds the limit (nothing is read), or when a
     *                   body without one (chunked) grows past it (reading stops at limit + 1 bytes)
     */
    static byte[] read(HttpExchange exchange, int limit) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parseLength(declared) > limit) {
            throw HttpError.tooLarge(limit);
        }
        InputStream in = exchange.getRequestBody();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        // In long: limit + 1 overflows for a limit of Integer.MAX_VALUE.
        while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1L - out.size()))) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > limit) {
                throw HttpError.tooLarge(limit);
            }
        }
        return out.toByteArray();
    }

    private static long parseLength(String declared) {
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Content-Length '" + declared + "' is not a number of bytes", null);
        }
    }
}
