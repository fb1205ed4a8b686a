package io.streamgrad.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.NoSuchElementException;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Bindings to cuBLAS ({@code libcublas.so.13}) for the matrix products: {@code cublasSgemm_v2} /
 * {@code cublasDgemm_v2} and their strided-batched forms. cuBLAS is column-major; {@link MatmulKernels}
 * turns row-major products into column-major ones. {@code alpha} and {@code beta} are host pointers (the
 * handle's default pointer mode). Every {@code cublasStatus_t} is checked; failures raise
 * {@link CudaException} named by {@code cublasGetStatusName}.
 *
 * <p>Threading: one handle, created in the device's context; calls are serialized on it, because a handle
 * shares its workspace between the threads that use it.
 */
final class Cublas {
    /** {@code CUBLAS_OP_N}, {@code CUBLAS_OP_T}. */
    static final int OP_N = 0;
    static final int OP_T = 1;
    /** {@code CUBLAS_DEFAULT_MATH} (pure FP32) and {@code CUBLAS_TF32_TENSOR_OP_MATH}. */
    static final int DEFAULT_MATH = 0;
    static final int TF32_TENSOR_OP_MATH = 3;

    private static final Linker LINKER = Linker.nativeLinker();

    final String source;
    private final MethodHandle create;
    private final MethodHandle setMathMode;
    private final MethodHandle statusName;
    private final MethodHandle sgemm;
    private final MethodHandle dgemm;
    private final MethodHandle sgemmStridedBatched;
    private final MethodHandle dgemmStridedBatched;
    private final MemorySegment handle;
    private final MemorySegment floatOne;
    private final MemorySegment floatZero;
    private final MemorySegment doubleOne;
    private final MemorySegment doubleZero;

    /** Binds the library and creates a handle in the context current on this thread. */
    Cublas(SymbolLookup lib, String source, boolean tf32) {
        this.source = source;
        statusName = LINKER.downcallHandle(find(lib, "cublasGetStatusName"), FunctionDescriptor.of(ADDRESS, JAVA_INT));
        create = bind(lib, "cublasCreate_v2", ADDRESS);
        setMathMode = bind(lib, "cublasSetMathMode", ADDRESS, JAVA_INT);
        // handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc
        // (handle, transa, transb, m, n, k, const T* alpha, const T* A, int lda, const T* B, int ldb,
        //  const T* beta, T* C, int ldc)
        sgemm = bind(lib, "cublasSgemm_v2", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS,
                ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
        dgemm = bind(lib, "cublasDgemm_v2", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS,
                ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
        // as above with a long long stride after each matrix's leading dimension, then int batchCount
        sgemmStridedBatched = bind(lib, "cublasSgemmStridedBatched", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS,
                ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT);
        dgemmStridedBatched = bind(lib, "cublasDgemmStridedBatched", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS,
                ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT);
        Arena arena = Arena.global();
        floatOne = arena.allocateFrom(JAVA_FLOAT, 1f);
        floatZero = arena.allocateFrom(JAVA_FLOAT, 0f);
        doubleOne = arena.allocateFrom(JAVA_DOUBLE, 1.0);
        doubleZero = arena.allocateFrom(JAVA_DOUBLE, 0.0);
        MemorySegment out = arena.allocate(ADDRESS);
        check(Driver.call(() -> (int) create.invokeExact(out)), "cublasCreate_v2");
        handle = out.get(ADDRESS, 0);
        int mode = tf32 ? TF32_TENSOR_OP_MATH : DEFAULT_MATH;
        check(Driver.call(() -> (int) setMathMode.invokeExact(handle, mode)), "cublasSetMathMode");
    }

    private static MemorySegment find(SymbolLookup lib, String name) {
        try {
            return lib.findOrThrow(name);
        } catch (NoSuchElementException e) {
            throw new CudaUnavailableException("cuBLAS lacks " + name + ": it is not cuBLAS 13");
        }
    }

    private static MethodHandle bind(SymbolLookup lib, String name, MemoryLayout... args) {
        return LINKER.downcallHandle(find(lib, name), FunctionDescriptor.of(JAVA_INT, args));
    }

    /**
     * Column-major {@code C = op(A) . op(B)} ({@code alpha} 1, {@code beta} 0) on device addresses, in
     * float32 ({@code doubles} false) or float64; {@code batch} products {@code stride*} elements apart.
     */
    synchronized void gemm(boolean doubles, int transa, int transb, int m, int n, int k, long aAddress, int lda,
            long strideA, long bAddress, int ldb, long strideB, long cAddress, int ldc, long strideC, int batch) {
        MemorySegment a = MemorySegment.ofAddress(aAddress);
        MemorySegment b = MemorySegment.ofAddress(bAddress);
        MemorySegment c = MemorySegment.ofAddress(cAddress);
        MemorySegment one = doubles ? doubleOne : floatOne;
        MemorySegment zero = doubles ? doubleZero : floatZero;
        int rc;
        String name;
        if (batch == 1) {
            MethodHandle h = doubles ? dgemm : sgemm;
            name = doubles ? "cublasDgemm_v2" : "cublasSgemm_v2";
            rc = Driver.call(() -> (int) h.invokeExact(handle, transa, transb, m, n, k, one, a, lda, b, ldb, zero,
                    c, ldc));
        } else {
            MethodHandle h = doubles ? dgemmStridedBatched : sgemmStridedBatched;
            name = doubles ? "cublasDgemmStridedBatched" : "cublasSgemmStridedBatched";
            rc = Driver.call(() -> (int) h.invokeExact(handle, transa, transb, m, n, k, one, a, lda, strideA, b, ldb,
                    strideB, zero, c, ldc, strideC, batch));
        }
        check(rc, name, "m=" + m + " n=" + n + " k=" + k + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc);
    }

    private void check(int status, String call) {
        check(status, call, "");
    }

    private void check(int status, String call, String detail) {
        if (status != 0) {
            throw new CudaException(call, status, statusName(status), detail);
        }
    }

    private String statusName(int status) {
        MemorySegment name;
        try {
            name = (MemorySegment) statusName.invokeExact(status);
        } catch (Throwable t) {
            return "cublasStatus_t " + status;
        }
        return name.equals(MemorySegment.NULL) ? "cublasStatus_t " + status : name.reinterpret(256).getString(0);
    }
}
