package io.streamgrad.examples;

import io.streamgrad.tensor.Backends;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Tensor;
import io.streamgrad.tensor.TensorException;

/** The seminar's first part: creating tensors, their shape, dtype and device, and in-place ops. */
public final class TensorBasics {
    private TensorBasics() {
    }

    /** Prints the block to standard output; arguments are ignored. */
    public static void main(String[] args) {
        run(new Listing(System.out));
    }

    /** Shows the block's statements and what each printed; the CUDA line shows the refusal when no GPU is present. */
    public static void run(Listing l) {
        l.section("Tensors");
        Tensor x = Tensor.of(new long[][] {{1, 2}, {3, 4}});
        l.show("x = torch.tensor([[1, 2], [3, 4]]); x", "Tensor x = Tensor.of(new long[][] {{1, 2}, {3, 4}});", x);
        double[][] data = {{1.5, 2.0}, {3.0, 4.5}};
        l.show("torch.tensor(np.array([[1.5, 2.0], [3.0, 4.5]]))  # from an array",
                "Tensor.of(new double[][] {{1.5, 2.0}, {3.0, 4.5}}, DType.FLOAT64)", Tensor.of(data, DType.FLOAT64));
        l.show("x.shape", "x.shape()", "torch.Size(" + x.shape() + ")");
        l.show("x.dtype", "x.dtype()", x.dtype());
        Tensor.manualSeed(0);
        l.show("torch.manual_seed(0); torch.rand(2, 3)", "Tensor.manualSeed(0); Tensor.rand(2, 3)", Tensor.rand(2, 3));
        l.show("torch.ones((2, 3))", "Tensor.ones(2, 3)", Tensor.ones(2, 3));
        l.show("torch.zeros((2, 3))", "Tensor.zeros(2, 3)", Tensor.zeros(2, 3));

        l.section("Devices");
        l.show("x.device", "x.device()", "device(type='" + x.device() + "')");
        if (Backends.cudaAvailable()) {
            l.show("x.to('cuda')", "x.to(\"cuda\")", x.to(Device.cuda()));
        } else {
            try {
                x.to("cuda");
            } catch (TensorException e) {
                l.run("x.to('cuda')", "x.to(\"cuda\")");
                l.note("No GPU here, so streamgrad says so instead of moving the tensor:");
                l.note(e.getMessage());
            }
        }

        l.section("In-place operations end with an underscore");
        Tensor y = x.clone();
        l.show("y = x.clone(); y.t_()", "Tensor y = x.clone(); y.t_()", y.t_());
        Tensor z = Tensor.zeros(DType.INT64, 2, 2);
        l.show("z = torch.zeros(2, 2, dtype=torch.int64); z.copy_(x)",
                "Tensor z = Tensor.zeros(DType.INT64, 2, 2); z.copy_(x)", z.copy_(x));
        l.show("z.add_(5)", "z.add_(5)", z.add_(5));
        l.show("x  # unchanged: clone and copy_ made new storage", "x", x);
    }
}
