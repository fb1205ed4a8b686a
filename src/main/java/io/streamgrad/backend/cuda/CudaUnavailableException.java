package io.streamgrad.backend.cuda;

/**
 * CUDA cannot be used on this machine: no driver library, a driver too old for the bound API, no GPU, or
 * no GPU with the asked index. The message says which and what to do; {@code Backends} prefixes it with
 * "CUDA is not available: ".
 */
public final class CudaUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CudaUnavailableException(String message) {
        super(message);
    }

    CudaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
