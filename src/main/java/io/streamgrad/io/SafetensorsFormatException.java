package io.streamgrad.io;

/**
 * Bytes that are not a valid safetensors file, or tensors that cannot be stored in one. The message says
 * what was found, what the format expects, and where (the tensor name or byte offset).
 *
 * <p>Unchecked, like {@link io.streamgrad.tensor.TensorException}: a malformed model update is a data
 * error the caller routes (for example to a dead-letter topic), not an I/O failure to retry.
 */
public final class SafetensorsFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception whose message says what is wrong and where. */
    public SafetensorsFormatException(String message) {
        super(message);
    }

    /** An exception that adds context, such as the file's path, to the one that found the problem (the cause). */
    public SafetensorsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
