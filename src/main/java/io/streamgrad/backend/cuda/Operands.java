package io.streamgrad.backend.cuda;

import io.streamgrad.backend.Strided;

/**
 * What every op does with its operands before a launch: check that they are CUDA storages of this device,
 * and settle a new storage's deferred zero-fill ({@link CudaStorage}) — made real before the storage is
 * read or partly written, skipped when the op overwrites every element.
 */
final class Operands {
    private final DeviceContext context;
    private final io.streamgrad.tensor.Device device;

    Operands(DeviceContext context, io.streamgrad.tensor.Device device) {
        this.context = context;
        this.device = device;
    }

    /** The view's storage, which must be a CUDA storage on this backend's device. */
    CudaStorage storage(Strided view) {
        if (view.storage() instanceof CudaStorage s && s.device().equals(device)) {
            return s;
        }
        throw new IllegalArgumentException("the " + device + " backend got an operand on "
                + view.storage().device() + "; tensors must be moved with .to(\"" + device + "\") first");
    }

    /** The storage of an operand the op reads. */
    CudaStorage read(Strided view) {
        CudaStorage s = storage(view);
        if (s.pendingZero()) {
            zero(s);
        }
        return s;
    }

    /** The storage of the op's destination, which will write every element of {@code view}. */
    CudaStorage write(Strided view) {
        CudaStorage s = storage(view);
        if (s.pendingZero()) {
            if (Geometry.coversStorage(view, s.length())) {
                s.zeroed();
            } else {
                zero(s);
            }
        }
        return s;
    }

    private void zero(CudaStorage s) {
        if (s.byteSize() > 0) {
            context.driver.setBytes(s.address(0), (byte) 0, s.byteSize());
        }
        s.zeroed();
    }
}
