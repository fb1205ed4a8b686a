package io.streamgrad.backend.cuda;

import io.streamgrad.backend.BinaryOp;
import io.streamgrad.backend.Strided;
import io.streamgrad.backend.UnaryOp;
import io.streamgrad.tensor.DType;

/**
 * Copies, casts, fills, and unary, binary and where ops: one launch per {@link Geometry} (one, unless a view
 * has more than 8 dims that do not merge). Contiguous same-dtype copies and whole-storage fills of 1- or
 * 4-byte elements use the driver's memcpy and memset instead of a kernel.
 */
final class ElementwiseKernels {
    private final DeviceContext context;
    private final Operands operands;
    private final KernelModule.Family copies;
    private final KernelModule.Family fills;
    private final KernelModule.Family unaries;
    private final KernelModule.Family binaries;
    private final KernelModule.Family comparisons;
    private final KernelModule.Family wheres;
    private final Kernel cast;

    ElementwiseKernels(DeviceContext context, KernelModule module, Operands operands) {
        this.context = context;
        this.operands = operands;
        this.copies = module.family("sg_copy_", t -> String.valueOf(t.itemSize()));
        this.fills = module.family("sg_fill_", t -> String.valueOf(t.itemSize()));
        this.wheres = module.family("sg_where_", t -> String.valueOf(t.itemSize()));
        this.unaries = module.family("sg_unary_", OpCodes::suffix);
        this.binaries = module.family("sg_binary_", OpCodes::suffix);
        this.comparisons = module.family("sg_compare_", OpCodes::suffix);
        this.cast = module.kernel("sg_cast");
    }

    void copy(Strided src, Strided dst) {
        CudaStorage from = operands.read(src);
        CudaStorage to = operands.write(dst);
        int n = Geometry.numel(src.sizes());
        boolean sameType = from.dtype() == to.dtype();
        if (n == 0) {
            return;
        }
        if (sameType && from != to && Geometry.isContiguousRun(src) && Geometry.isContiguousRun(dst)) {
            context.driver.copyDeviceToDevice(to.address(dst.storageOffset()), from.address(src.storageOffset()),
                    (long) n * from.dtype().itemSize());
            return;
        }
        Kernel kernel = sameType ? copies.of(from.dtype()) : cast;
        for (Geometry g : Geometry.of(src.sizes(), new int[][] {src.strides(), dst.strides()},
                new int[] {src.storageOffset(), dst.storageOffset()})) {
            LaunchArgs args = LaunchArgs.forThread().pointer(from.address(0)).pointer(to.address(0)).ints(g.pack());
            if (!sameType) {
                args.i32(OpCodes.dtype(from.dtype())).i32(OpCodes.dtype(to.dtype()));
            }
            context.launch(kernel, g.count(), args);
        }
    }

    void fill(Strided dst, double value) {
        CudaStorage to = operands.storage(dst);
        DType dtype = to.dtype();
        long bits = OpCodes.fillBits(dtype, value);
        if (Geometry.numel(dst.sizes()) == 0) {
            return;
        }
        if (Geometry.coversStorage(dst, to.length()) && dtype.itemSize() != 8) {
            to.zeroed();
            if (dtype.itemSize() == 4) {
                context.driver.setInts(to.address(0), (int) bits, to.length());
            } else {
                context.driver.setBytes(to.address(0), (byte) bits, to.length());
            }
            return;
        }
        operands.write(dst);
        Kernel kernel = fills.of(dtype);
        for (Geometry g : Geometry.of(dst.sizes(), new int[][] {dst.strides()}, new int[] {dst.storageOffset()})) {
            context.launch(kernel, g.count(), LaunchArgs.forThread().pointer(to.address(0)).ints(g.pack()).u64(bits));
        }
    }

    void unary(UnaryOp op, double p, double q, Strided src, Strided dst) {
        DType dtype = src.dtype();
        if (dtype == DType.BOOL) {
            throw new UnsupportedOperationException(op + " is not defined for bool tensors");
        }
        if (dtype == DType.INT64 && !op.integerSupported()) {
            throw new UnsupportedOperationException(op.name() + " is not defined for int64 tensors");
        }
        CudaStorage from = operands.read(src);
        CudaStorage to = operands.write(dst);
        Kernel kernel = unaries.of(dtype);
        for (Geometry g : Geometry.of(src.sizes(), new int[][] {src.strides(), dst.strides()},
                new int[] {src.storageOffset(), dst.storageOffset()})) {
            context.launch(kernel, g.count(), LaunchArgs.forThread().pointer(from.address(0)).pointer(to.address(0))
                    .ints(g.pack()).i32(OpCodes.unary(op)).f64(p).f64(q));
        }
    }

    void binary(BinaryOp op, Strided a, Strided b, Strided dst) {
        DType dtype = a.dtype();
        if (op == BinaryOp.DIV && !dtype.isFloatingPoint()) {
            throw new UnsupportedOperationException("integer division is not a backend op: true division of "
                    + dtype + " tensors is promoted to float above the backend");
        }
        CudaStorage x = operands.read(a);
        CudaStorage y = operands.read(b);
        CudaStorage to = operands.write(dst);
        Kernel kernel = (op.isComparison() ? comparisons : binaries).of(dtype);
        for (Geometry g : Geometry.of(dst.sizes(), new int[][] {a.strides(), b.strides(), dst.strides()},
                new int[] {a.storageOffset(), b.storageOffset(), dst.storageOffset()})) {
            context.launch(kernel, g.count(), LaunchArgs.forThread().pointer(x.address(0)).pointer(y.address(0))
                    .pointer(to.address(0)).ints(g.pack()).i32(OpCodes.binary(op)));
        }
    }

    void where(Strided cond, Strided a, Strided b, Strided dst) {
        CudaStorage c = operands.read(cond);
        CudaStorage x = operands.read(a);
        CudaStorage y = operands.read(b);
        CudaStorage to = operands.write(dst);
        Kernel kernel = wheres.of(to.dtype());
        for (Geometry g : Geometry.of(dst.sizes(),
                new int[][] {cond.strides(), a.strides(), b.strides(), dst.strides()},
                new int[] {cond.storageOffset(), a.storageOffset(), b.storageOffset(), dst.storageOffset()})) {
            context.launch(kernel, g.count(), LaunchArgs.forThread().pointer(c.address(0)).pointer(x.address(0))
                    .pointer(y.address(0)).pointer(to.address(0)).ints(g.pack()));
        }
    }
}
