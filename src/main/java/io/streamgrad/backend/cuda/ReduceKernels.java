package io.streamgrad.backend.cuda;

import io.streamgrad.backend.ReduceOp;
import io.streamgrad.backend.Strided;

/**
 * SUM, MAX and MIN as {@link ReductionPlan} lays them out. A split reduction's partial results live in a
 * scratch block of the allocator, given back as soon as the second pass is queued (the stream runs that
 * pass before any later user of the block).
 */
final class ReduceKernels {
    /** Accumulators are 8 bytes for every dtype (float64 or int64). */
    private static final int ACCUMULATOR_BYTES = 8;

    private final DeviceContext context;
    private final KernelModule.Family passes;
    private final KernelModule.Family finishes;
    private final Operands operands;
    private final DeviceAllocator allocator;
    private final ElementwiseKernels elementwise;

    ReduceKernels(DeviceContext context, KernelModule module, Operands operands, DeviceAllocator allocator,
            ElementwiseKernels elementwise) {
        this.context = context;
        this.passes = module.family("sg_reduce_", OpCodes::suffix);
        this.finishes = module.family("sg_reduce_", t -> OpCodes.suffix(t) + "_finish");
        this.operands = operands;
        this.allocator = allocator;
        this.elementwise = elementwise;
    }

    void reduce(ReduceOp op, Strided src, Strided dst) {
        if (src.dtype() != dst.dtype()) {
            throw new IllegalArgumentException("reduce expects src and dst of one dtype, got " + src.dtype() + " and "
                    + dst.dtype());
        }
        if (Geometry.numel(src.sizes()) == 0) {
            fillIdentity(op, dst);
            return;
        }
        CudaStorage from = operands.read(src);
        CudaStorage to = operands.write(dst);
        Kernel first = passes.of(src.dtype());
        int code = OpCodes.reduce(op);
        for (ReductionPlan.Launch launch : ReductionPlan.plan(src.sizes(), src.strides(), src.storageOffset(),
                dst.strides(), dst.storageOffset(), context.multiprocessors)) {
            if (launch.splits() == 1) {
                context.launch(first, launch.gridX(), 1, 1, LaunchArgs.forThread().pointer(from.address(0))
                        .pointer(to.address(0)).pointer(0).ints(launch.first()).i32(code).i32(0));
                continue;
            }
            DeviceBlock partial = allocator.allocate((long) launch.splits() * launch.outCount() * ACCUMULATOR_BYTES);
            try {
                context.launch(first, launch.gridX(), launch.splits(), 1, LaunchArgs.forThread()
                        .pointer(from.address(0)).pointer(to.address(0)).pointer(partial.address)
                        .ints(launch.first()).i32(code).i32(1));
                context.launch(finishes.of(src.dtype()), launch.finishGridX(), 1, 1, LaunchArgs.forThread()
                        .pointer(partial.address).pointer(to.address(0)).ints(launch.finish()).i32(code));
            } finally {
                partial.release();
            }
        }
    }

    /** An empty source: each output that exists is the op's identity (0, -inf, +inf cast to the dtype). */
    private void fillIdentity(ReduceOp op, Strided dst) {
        int[] sizes = dst.sizes().clone();
        int[] strides = dst.strides();
        for (int d = 0; d < sizes.length; d++) {
            if (strides[d] == 0) {
                sizes[d] = 1;
            }
        }
        double identity = switch (op) {
            case SUM -> 0.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
        elementwise.fill(Strided.of(dst.storage(), sizes, strides, dst.storageOffset()), identity);
    }
}
