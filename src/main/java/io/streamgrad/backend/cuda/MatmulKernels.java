package io.streamgrad.backend.cuda;

import io.streamgrad.backend.Layouts;
import io.streamgrad.backend.Strided;
import io.streamgrad.tensor.DType;

/**
 * Batched matrix products: cuBLAS when it was found, else the tiled kernel of {@code matmul.cuh}.
 *
 * <p>cuBLAS is column-major. A row-major matrix read as column-major is its transpose, so row-major
 * {@code C = A·B} is computed as column-major {@code Cᵀ = Bᵀ·Aᵀ}: B is passed first, the dimensions are
 * {@code (n, m, k)}, and each operand is transposed or not by its own {@link MatrixLayout} (a transposed
 * view is column-major and costs no copy). Operands without a BLAS layout are copied to contiguous first.
 * Batches use the strided-batched call, or a loop when a batch stride is 0 (broadcast).
 */
final class MatmulKernels {
    private static final int TILE = 64;
    /** Ints in {@code MatGeom} of matmul.cuh. */
    static final int GEOMETRY_INTS = 13;
    private static final int MAX_GRID_YZ = 65535;

    private final DeviceContext context;
    private final KernelModule module;
    private final Operands operands;
    private final Cublas cublas;
    private final CudaBackend backend;

    MatmulKernels(DeviceContext context, KernelModule module, Operands operands, Cublas cublas, CudaBackend backend) {
        this.context = context;
        this.module = module;
        this.operands = operands;
        this.cublas = cublas;
        this.backend = backend;
    }

    void matmul(Strided a, Strided b, Strided dst) {
        DType dtype = dst.dtype();
        if (!dtype.isFloatingPoint() || a.dtype() != dtype || b.dtype() != dtype) {
            throw new UnsupportedOperationException("matmul of " + a.dtype() + " and " + b.dtype() + " into "
                    + dtype + ": the CUDA backend multiplies float32 or float64 matrices");
        }
        int batches = dst.sizes()[0];
        int m = dst.sizes()[1];
        int n = dst.sizes()[2];
        int k = a.sizes()[2];
        if ((long) batches * m * n == 0) {
            return;
        }
        if (k == 0) {
            backend.fill(dst, 0.0);
            return;
        }
        operands.read(a);
        operands.read(b);
        operands.write(dst);
        if (cublas != null) {
            withCublas(a, b, dst, batches, m, n, k);
        } else {
            withKernel(a, b, dst, batches, m, n, k);
        }
    }

    private void withCublas(Strided a, Strided b, Strided dst, int batches, int m, int n, int k) {
        MatrixLayout la = MatrixLayout.of(m, k, a.strides()[1], a.strides()[2]);
        MatrixLayout lb = MatrixLayout.of(k, n, b.strides()[1], b.strides()[2]);
        CudaStorage copyA = la == null ? backend.contiguousCopy(a) : null;
        CudaStorage copyB = lb == null ? backend.contiguousCopy(b) : null;
        try {
            Strided aa = copyA == null ? a : contiguousView(copyA, a.sizes());
            Strided bb = copyB == null ? b : contiguousView(copyB, b.sizes());
            if (copyA != null) {
                la = MatrixLayout.of(m, k, k, 1);
            }
            if (copyB != null) {
                lb = MatrixLayout.of(k, n, n, 1);
            }
            boolean doubles = dst.dtype() == DType.FLOAT64;
            long item = dst.dtype().itemSize();
            long strideA = aa.strides()[0];
            long strideB = bb.strides()[0];
            long strideC = (long) m * n;
            long addressA = operands.storage(aa).address(aa.storageOffset());
            long addressB = operands.storage(bb).address(bb.storageOffset());
            long addressC = operands.storage(dst).address(dst.storageOffset());
            if (batches == 1 || strideA != 0 && strideB != 0) {
                cublas.gemm(doubles, lb.transposeOp(), la.transposeOp(), n, m, k, addressB, lb.ld(), strideB,
                        addressA, la.ld(), strideA, addressC, n, strideC, batches);
                return;
            }
            for (int i = 0; i < batches; i++) {
                cublas.gemm(doubles, lb.transposeOp(), la.transposeOp(), n, m, k, addressB + i * strideB * item,
                        lb.ld(), 0, addressA + i * strideA * item, la.ld(), 0, addressC + i * strideC * item, n, 0, 1);
            }
        } finally {
            if (copyA != null) {
                copyA.close();
            }
            if (copyB != null) {
                copyB.close();
            }
        }
    }

    private static Strided contiguousView(CudaStorage storage, int[] sizes) {
        return Strided.of(storage, sizes, Layouts.contiguousStrides(sizes), 0);
    }

    private void withKernel(Strided a, Strided b, Strided dst, int batches, int m, int n, int k) {
        int rowTiles = (m + TILE - 1) / TILE;
        if (rowTiles > MAX_GRID_YZ) {
            throw new UnsupportedOperationException("the built-in CUDA matmul takes at most " + MAX_GRID_YZ * TILE
                    + " rows, got " + m + "; install cuBLAS (libcublas.so.13)");
        }
        Kernel kernel = module.kernel(dst.dtype() == DType.FLOAT64 ? "sg_matmul_f64" : "sg_matmul_f32");
        long addressA = operands.storage(a).address(0);
        long addressB = operands.storage(b).address(0);
        long addressC = operands.storage(dst).address(0);
        int[] as = a.strides();
        int[] bs = b.strides();
        for (int first = 0; first < batches; first += MAX_GRID_YZ) {
            int[] geometry = {m, n, k, as[0], as[1], as[2], bs[0], bs[1], bs[2], a.storageOffset(),
                b.storageOffset(), dst.storageOffset(), first};
            context.launch(kernel, (n + TILE - 1) / TILE, rowTiles, Math.min(MAX_GRID_YZ, batches - first),
                    LaunchArgs.forThread().pointer(addressA).pointer(addressB).pointer(addressC).ints(geometry));
        }
    }
}
