package io.streamgrad.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response about to be sent: status, content type, body and extra headers. */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON_TYPE = "application/json; charset=utf-8";
    /** Records (such as {@link StatusSnapshot}) serialize with the snake_case names the API documents. */
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    static Response json(int status, Object body) {
        try {
            return new Response(status, JSON_TYPE, JSON.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, Map.copyOf(more));
    }
}
