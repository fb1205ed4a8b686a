package io.streamgrad.backend.cuda;

/**
 * A CUDA driver or cuBLAS call returned an error. The message names the call, the error's name as the
 * library spells it ({@code CUDA_ERROR_OUT_OF_MEMORY}, {@code CUBLAS_STATUS_INVALID_VALUE}) and its code,
 * plus what streamgrad was doing when that matters.
 *
 * <p>After a sticky error (an illegal address in a kernel, for example) the CUDA context is unusable and
 * every later call fails too; the process has to be restarted, as with PyTorch.
 */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code CUDA_ERROR_OUT_OF_MEMORY}. */
    static final int OUT_OF_MEMORY = 2;

    private final String call;
    private final int code;
    private final String errorName;

    CudaException(String call, int code, String errorName, String detail) {
        super(call + " failed: " + errorName + " (" + code + ")" + (detail.isEmpty() ? "" : ": " + detail));
        this.call = call;
        this.code = code;
        this.errorName = errorName;
    }

    /** The function that failed, with its exported name ({@code cuMemAlloc_v2}, {@code cublasSgemm_v2}). */
    public String call() {
        return call;
    }

    /** The {@code CUresult} or {@code cublasStatus_t} value. */
    public int code() {
        return code;
    }

    /** The error's name from {@code cuGetErrorName} or {@code cublasGetStatusName}. */
    public String errorName() {
        return errorName;
    }
}
