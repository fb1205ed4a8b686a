package io.streamgrad.backend.cuda;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/** Fills the (stand-in) GPU until allocation fails and prints the error; used by {@link MockDeviceTest}. */
public final class OutOfMemoryProbe {
    private OutOfMemoryProbe() {
    }

    public static void main(String[] args) {
        List<Tensor> held = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                held.add(Tensor.zeros(DType.FLOAT32, 4 << 20).to(Device.cuda(0)));   // 16 MiB each
            }
            System.out.println("no error after " + held.size() + " tensors");
        } catch (CudaException e) {
            System.out.println(e.getMessage());
        }
    }
}
