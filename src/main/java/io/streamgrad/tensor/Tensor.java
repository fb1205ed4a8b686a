package io.streamgrad.tensor;

import io.streamgrad.backend.Layouts;
import io.streamgrad.autograd.Engine;
import io.streamgrad.autograd.GradMode;
import io.streamgrad.autograd.Node;
import io.streamgrad.backend.Backend;
import io.streamgrad.backend.Storage;
import io.streamgrad.backend.Strided;

import java.util.List;

/**
 * An n-dimensional array with PyTorch's semantics: a strided view of a storage with a dtype and a device,
 * plus autograd state. Method names follow PyTorch so code reads like the seminar's:
 *
 * <pre>{@code
 * Tensor X = Tensor.arange(100);
 * Tensor y = X.mul(2).add(1);
 * Tensor W = Tensor.ones(1).requiresGrad_();
 * Tensor b = Tensor.ones(1).requiresGrad_();
 * Tensor loss = W.mul(X).add(b).sub(y).pow(2).sum();   // tensor(328350., grad_fn=<SumBackward0>)
 * loss.backward();
 * }</pre>
 *
 * <p>Broadcasting and type promotion are PyTorch's; a Java {@code double} argument is a Python float
 * scalar and a {@code long} (or {@code int}) argument a Python int: neither widens a tensor's dtype within
 * its category. Methods ending in {@code _} modify the tensor in place and return it.
 *
 * <p>Threading: a tensor is not thread-safe; share it across threads only with external synchronization.
 * Grad mode ({@link io.streamgrad.autograd.Autograd#noGrad()}) is per thread.
 *
 * <p>Errors: invalid arguments raise {@link TensorException} (autograd misuse raises its subclass
 * {@link io.streamgrad.autograd.AutogradException}) with PyTorch's message where PyTorch has one.
 */
public final class Tensor implements Strided {
    final Storage storage;
    int[] sizes;
    int[] strides;
    final int offset;
    final VersionCounter versionCounter;
    /** The tensor that owns the storage when this one is a view, else null. */
    final Tensor base;
    boolean requiresGrad;
    Tensor grad;
    Node gradFn;
    /** A Python number turned into a tensor: takes part in type promotion as a scalar. */
    boolean wrappedNumber;
    /** Bumped when an in-place op gives this tensor a new grad_fn; views compare it to {@link #viewEpoch}. */
    int historyEpoch;
    /** The base's {@link #historyEpoch} this view's grad_fn was made for. */
    int viewEpoch;

    /** A new contiguous tensor over {@code storage}. */
    Tensor(Storage storage, int[] sizes) {
        this.storage = storage;
        this.sizes = sizes;
        this.strides = Layouts.contiguousStrides(sizes);
        this.offset = 0;
        this.versionCounter = new VersionCounter();
        this.base = null;
    }

    /** A view of {@code of}'s storage, sharing its version counter. */
    Tensor(Tensor of, int[] sizes, int[] strides, int offset) {
        this(of, sizes, strides, offset, true);
    }

    /**
     * A view of {@code of}'s storage, sharing its version counter. Only a differentiable view keeps {@code of}
     * (or its base) as its base, whose in-place changes then give the view a new history; {@link #detach()}'s
     * view is not differentiable, as in PyTorch, so nothing done to {@code of} later reaches its graph.
     */
    private Tensor(Tensor of, int[] sizes, int[] strides, int offset, boolean differentiable) {
        this.storage = of.storage;
        this.sizes = sizes;
        this.strides = strides;
        this.offset = offset;
        this.versionCounter = of.versionCounter;
        this.base = !differentiable ? null : of.base != null ? of.base : of;
        this.viewEpoch = base == null ? 0 : base.historyEpoch;
    }

    // ---------------------------------------------------------------- creation

    /** A 0-dim float32 tensor, as {@code torch.tensor(3.0)}. */
    public static Tensor scalar(double value) {
        return Creation.fromArray(new float[] {(float) value}, new int[0]);
    }

    /** A 0-dim tensor of the given dtype. */
    public static Tensor scalar(double value, DType dtype) {
        return Creation.full(new int[0], value, dtype, Device.cpu());
    }

    /** A 0-dim int64 tensor, as {@code torch.tensor(3)}. */
    public static Tensor scalar(long value) {
        return Creation.fromArray(new long[] {value}, new int[0]);
    }

    /** A 0-dim bool tensor. */
    public static Tensor scalar(boolean value) {
        return Creation.fromArray(new boolean[] {value}, new int[0]);
    }

    /** A 1-D float32 tensor from Python-style float data: {@code torch.tensor([1.5, 2.0])}. */
    public static Tensor of(double... data) {
        return of(data, DType.defaultFloat());
    }

    /** A 1-D tensor of {@code dtype} from the data. */
    public static Tensor of(double[] data, DType dtype) {
        return Creation.fromDoubles(data, new int[] {data.length}, dtype);
    }

    /** A 2-D float32 tensor from rows of equal length. */
    public static Tensor of(double[][] rows) {
        return of(rows, DType.defaultFloat());
    }

    /** A 2-D tensor of {@code dtype} from rows of equal length; ragged rows throw {@link TensorException}. */
    public static Tensor of(double[][] rows, DType dtype) {
        return Creation.fromNested(rows, dtype);
    }

    /** A 3-D float32 tensor from a rectangular nested array: {@code torch.tensor([[[1., 2.], [3., 4.]]])}. */
    public static Tensor of(double[][][] blocks) {
        return Creation.fromNested(blocks, DType.defaultFloat());
    }

    /** A 1-D float32 tensor over a copy of {@code data}, with no detour through double. */
    public static Tensor of(float... data) {
        return Creation.fromArray(data.clone(), new int[] {data.length});
    }

    /** A 2-D float32 tensor from rows of equal length. */
    public static Tensor of(float[][] rows) {
        return Creation.fromNested(rows, DType.FLOAT32);
    }

    /** A 1-D int64 tensor: {@code torch.tensor([1, 2, 3])}. */
    public static Tensor of(long... data) {
        return Creation.fromArray(data.clone(), new int[] {data.length});
    }

    /** A 1-D int64 tensor from Java ints. */
    public static Tensor of(int... data) {
        long[] longs = new long[data.length];
        for (int i = 0; i < data.length; i++) {
            longs[i] = data[i];
        }
        return Creation.fromArray(longs, new int[] {data.length});
    }

    /** A 2-D int64 tensor: {@code torch.tensor([[1, 2], [3, 4]])}. */
    public static Tensor of(long[][] rows) {
        return Creation.fromNested(rows, DType.INT64);
    }

    /** A 2-D int64 tensor from rows of Java ints. */
    public static Tensor of(int[][] rows) {
        return Creation.fromNested(rows, DType.INT64);
    }

    /** A 1-D bool tensor: {@code torch.tensor([True, False])}. */
    public static Tensor of(boolean... data) {
        return Creation.fromArray(data.clone(), new int[] {data.length});
    }

    /** A tensor of {@code shape} over flat row-major data, converted to {@code dtype}. */
    public static Tensor fromData(double[] flat, DType dtype, int... shape) {
        return Creation.fromDoubles(flat, shape, dtype);
    }

    /**
     * A float32 tensor of {@code shape} over a copy of flat row-major data; {@link TensorException} when
     * {@code flat.length} is not the number of elements {@code shape} needs.
     */
    public static Tensor fromData(float[] flat, int... shape) {
        Creation.checkLength(flat.length, shape);
        return Creation.fromArray(flat.clone(), shape.clone());
    }

    /** As {@link #fromData(float[], int...)}, for an int64 tensor. */
    public static Tensor fromData(long[] flat, int... shape) {
        Creation.checkLength(flat.length, shape);
        return Creation.fromArray(flat.clone(), shape.clone());
    }

    /** As {@link #fromData(float[], int...)}, for a bool tensor. */
    public static Tensor fromData(boolean[] flat, int... shape) {
        Creation.checkLength(flat.length, shape);
        return Creation.fromArray(flat.clone(), shape.clone());
    }

    /** A float32 tensor of zeros, as {@code torch.zeros(shape)}. */
    public static Tensor zeros(int... shape) {
        return Creation.full(shape.clone(), 0, DType.defaultFloat(), Device.cpu());
    }

    /** A tensor of zeros of {@code dtype}, as {@code torch.zeros(shape, dtype=dtype)}. */
    public static Tensor zeros(DType dtype, int... shape) {
        return Creation.full(shape.clone(), 0, dtype, Device.cpu());
    }

    /** A float32 tensor of ones, as {@code torch.ones(shape)}. */
    public static Tensor ones(int... shape) {
        return Creation.full(shape.clone(), 1, DType.defaultFloat(), Device.cpu());
    }

    /** A tensor of ones of {@code dtype}, as {@code torch.ones(shape, dtype=dtype)}. */
    public static Tensor ones(DType dtype, int... shape) {
        return Creation.full(shape.clone(), 1, dtype, Device.cpu());
    }

    /** A float32 tensor filled with {@code value}. */
    public static Tensor full(double value, int... shape) {
        return Creation.full(shape.clone(), value, DType.defaultFloat(), Device.cpu());
    }

    /** An int64 tensor filled with {@code value}, as {@code torch.full(shape, 7)}. */
    public static Tensor full(long value, int... shape) {
        return Creation.full(shape.clone(), value, DType.INT64, Device.cpu());
    }

    /**
     * A tensor of {@code dtype} filled with {@code value} cast to it (truncated toward zero for int64), as
     * {@code torch.full(shape, value, dtype=dtype)}.
     */
    public static Tensor full(double value, DType dtype, int... shape) {
        return Creation.full(shape.clone(), value, dtype, Device.cpu());
    }

    /** Uniform samples in [0, 1) from the default generator (see {@link #manualSeed(long)}). */
    public static Tensor rand(int... shape) {
        return Generator.defaultGenerator().rand(shape.clone(), DType.defaultFloat());
    }

    /**
     * As {@link #rand(int...)} in {@code dtype}, which must be floating point ({@link TensorException} otherwise);
     * float64 samples have 53 random bits.
     */
    public static Tensor rand(DType dtype, int... shape) {
        return Generator.defaultGenerator().rand(shape.clone(), dtype);
    }

    /** Standard normal samples from the default generator. */
    public static Tensor randn(int... shape) {
        return Generator.defaultGenerator().randn(shape.clone(), DType.defaultFloat());
    }

    /** As {@link #randn(int...)} in {@code dtype}, which must be floating point ({@link TensorException} otherwise). */
    public static Tensor randn(DType dtype, int... shape) {
        return Generator.defaultGenerator().randn(shape.clone(), dtype);
    }

    /** Seeds the default generator, as {@code torch.manual_seed}. */
    public static void manualSeed(long seed) {
        Generator.defaultGenerator().manualSeed(seed);
    }

    /** {@code [0, end)} as int64, as {@code torch.arange(end)}. */
    public static Tensor arange(long end) {
        return Creation.arange(0, end, 1);
    }

    /** {@code [start, end)} as int64, as {@code torch.arange(start, end)}; empty when {@code end <= start}. */
    public static Tensor arange(long start, long end) {
        return Creation.arange(start, end, 1);
    }

    /**
     * {@code start, start+step, ...} stopping before {@code end}, as int64, as {@code torch.arange(start, end, step)}.
     * {@code step} may be negative; zero throws {@link TensorException}.
     */
    public static Tensor arange(long start, long end, long step) {
        return Creation.arange(start, end, step);
    }

    /** Float32 values {@code start, start+step, ...} below {@code end}, as {@code torch.arange(0., 1., 0.1)}. */
    public static Tensor arange(double start, double end, double step) {
        return Creation.arange(start, end, step);
    }

    /** The n×n identity, float32. */
    public static Tensor eye(int n) {
        return Creation.eye(n, n, DType.defaultFloat());
    }

    /**
     * An n×m tensor of {@code dtype} with ones on the main diagonal and zeros elsewhere, as {@code torch.eye(n, m)}.
     */
    public static Tensor eye(int n, int m, DType dtype) {
        return Creation.eye(n, m, dtype);
    }

    /**
     * Zeros with {@code t}'s shape, dtype and device, as {@code torch.zeros_like}; a new leaf that does not require
     * grad.
     */
    public static Tensor zerosLike(Tensor t) {
        return Creation.full(t.sizes.clone(), 0, t.dtype(), t.device());
    }

    /**
     * Ones with {@code t}'s shape, dtype and device, as {@code torch.ones_like}; a new leaf that does not require grad.
     */
    public static Tensor onesLike(Tensor t) {
        return Creation.full(t.sizes.clone(), 1, t.dtype(), t.device());
    }

    /**
     * {@code value}, cast to {@code t}'s dtype, in a tensor with {@code t}'s shape, dtype and device, as
     * {@code torch.full_like}.
     */
    public static Tensor fullLike(Tensor t, double value) {
        return Creation.full(t.sizes.clone(), value, t.dtype(), t.device());
    }

    /**
     * Uniform samples in [0, 1) from the default generator with {@code t}'s shape, dtype and device, as
     * {@code torch.rand_like}; {@code t} must be floating point. Drawn on the CPU, then copied to {@code t}'s device.
     */
    public static Tensor randLike(Tensor t) {
        return Generator.defaultGenerator().rand(t.sizes.clone(), t.dtype()).to(t.device());
    }

    /**
     * Standard normal samples from the default generator with {@code t}'s shape, dtype and device, as
     * {@code torch.randn_like}; {@code t} must be floating point. Drawn on the CPU, then copied to {@code t}'s device.
     */
    public static Tensor randnLike(Tensor t) {
        return Generator.defaultGenerator().randn(t.sizes.clone(), t.dtype()).to(t.device());
    }

    // ---------------------------------------------------------------- metadata

    /** The sizes, as {@code x.shape}. */
    public Shape shape() {
        return Shape.of(sizes);
    }

    /** Size of dimension {@code dim} (negative counts from the end). */
    public int size(int dim) {
        return sizes[ShapeChecks.wrapDim(dim, sizes.length)];
    }

    /** Number of dimensions; 0 for a scalar tensor. */
    public int dim() {
        return sizes.length;
    }

    /** Number of elements: the product of the sizes, 1 for a 0-dim tensor. */
    public long numel() {
        return Shape.numel(sizes);
    }

    public DType dtype() {
        return storage.dtype();
    }

    /** The device holding this tensor's storage. */
    public Device device() {
        return storage.device();
    }

    /** The strides, in elements. */
    public int[] stride() {
        return strides.clone();
    }

    @Override
    public Storage storage() {
        return storage;
    }

    @Override
    public int[] sizes() {
        return sizes;
    }

    @Override
    public int[] strides() {
        return strides;
    }

    @Override
    public int storageOffset() {
        return offset;
    }

    /**
     * Whether the elements lie in row-major order with no gaps (strides of size-1 dims are ignored), as
     * {@code x.is_contiguous()}.
     */
    public boolean isContiguous() {
        return ShapeChecks.isContiguous(sizes, strides);
    }

    /** Bumped by every in-place op on this tensor or a view sharing its storage. */
    public int version() {
        return versionCounter.get();
    }

    /** PyTorch's legacy type name used in autograd messages: {@code torch.FloatTensor}. */
    public String typeName() {
        return (device().isCuda() ? "torch.cuda." : "torch.") + dtype().legacyName() + "Tensor";
    }

    Backend backend() {
        return Backends.of(device());
    }

    // ---------------------------------------------------------------- autograd state

    /** Whether gradients flow to or through this tensor. */
    public boolean requiresGrad() {
        return requiresGrad || gradFn() != null;
    }

    /** Makes this leaf require grad; only floating-point tensors can. */
    public Tensor requiresGrad_() {
        return requiresGrad_(true);
    }

    /**
     * Sets whether this leaf requires grad, as {@code x.requires_grad_(flag)}, and returns this. Only floating-point
     * tensors can be set to require grad; on a non-leaf {@code true} changes nothing and {@code false} throws
     * {@link TensorException}, as in PyTorch.
     */
    public Tensor requiresGrad_(boolean flag) {
        if (gradFn != null) {
            if (!flag) {
                throw new TensorException("you can only change requires_grad flags of leaf variables. If you want to"
                        + " use a computed variable in a subgraph that doesn't require differentiation use"
                        + " var_no_grad = var.detach().");
            }
            return this;
        }
        if (flag && !dtype().isFloatingPoint()) {
            throw new TensorException("only Tensors of floating point dtype can require gradients");
        }
        requiresGrad = flag;
        return this;
    }

    /** The accumulated gradient of a leaf, or null. */
    public Tensor grad() {
        return grad;
    }

    /**
     * Replaces the gradient, as assigning {@code x.grad}; null clears it. As PyTorch's setter, refuses this tensor
     * itself and a gradient of another dtype or size ({@link TensorException}, with PyTorch 2's messages).
     */
    public void setGrad(Tensor newGrad) {
        if (newGrad != null) {
            checkAssignableGrad(newGrad);
        }
        this.grad = newGrad;
    }

    private void checkAssignableGrad(Tensor g) {
        if (g == this) {
            throw new TensorException("can't assign Variable as its own grad");
        }
        if (g.dtype() != dtype()) {
            throw new TensorException("attempting to assign a gradient with dtype '" + typeMetaName(g.dtype())
                    + "' to a tensor with grad_dtype '" + typeMetaName(dtype()) + "'. The gradient must match the"
                    + " tensor's grad_dtype (defaults to the tensor's dtype). You can set the tensor's grad_dtype"
                    + " attribute with a specific dtype, or None to allow any dtype. Set grad_dtype with caution."
                    + " Diverging the dtypes of a tensor and its gradient may break downstream systems that assume"
                    + " they match.");
        }
        if (!g.shape().equals(shape())) {
            throw new TensorException("attempting to assign a gradient of size '" + g.shape() + "' to a tensor of"
                    + " size '" + shape() + "'. Please ensure that the gradient and the tensor are the same size");
        }
    }

    /** The C++ type name PyTorch prints for a dtype (its caffe2 TypeMeta) in the grad setter's messages. */
    private static String typeMetaName(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case INT64 -> "long int";
            case BOOL -> "bool";
        };
    }

    /**
     * The node that computed this tensor, or null for leaves. A view whose base was since modified in place
     * gets a new node that routes its gradient through the base's current history, as PyTorch does.
     */
    public Node gradFn() {
        if (base != null && viewEpoch != base.historyEpoch) {
            viewEpoch = base.historyEpoch;
            gradFn = ViewRebase.rebase(this, base);
        }
        return gradFn;
    }

    /** Whether this tensor was created by the user rather than by a recorded op. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Back-propagates from this one-element tensor into the leaves' {@code grad}. */
    public void backward() {
        Engine.backward(this, null, false);
    }

    /** Back-propagates {@code gradient} (the gradient of some scalar with respect to this tensor). */
    public void backward(Tensor gradient) {
        Engine.backward(this, gradient, false);
    }

    /** As {@link #backward(Tensor)}; with {@code retainGraph} the graph can be walked again. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Engine.backward(this, gradient, retainGraph);
    }

    /** A tensor sharing this one's storage, cut from the graph. */
    public Tensor detach() {
        return new Tensor(this, sizes.clone(), strides.clone(), offset, false);
    }

    static boolean recording() {
        return GradMode.isEnabled();
    }

    // ---------------------------------------------------------------- values

    /** The value of a one-element tensor as a double. */
    public double item() {
        checkOneElement();
        return switch (dtype()) {
            case FLOAT32 -> toFloatArray()[0];
            case FLOAT64 -> toDoubleArray()[0];
            case INT64 -> toLongArray()[0];
            case BOOL -> toBooleanArray()[0] ? 1.0 : 0.0;
        };
    }

    /** The value of a one-element tensor as a long (truncated for floats). */
    public long itemLong() {
        checkOneElement();
        return dtype() == DType.INT64 ? toLongArray()[0] : (long) item();
    }

    private void checkOneElement() {
        if (numel() != 1) {
            throw new TensorException("a Tensor with " + numel() + " elements cannot be converted to Scalar");
        }
    }

    /** Elements in row-major order, converted to float. */
    public float[] toFloatArray() {
        return (float[]) hostArray(DType.FLOAT32);
    }

    /** Elements in row-major order, converted to double. */
    public double[] toDoubleArray() {
        return (double[]) hostArray(DType.FLOAT64);
    }

    /** Elements in row-major order, converted to long (floats truncated toward zero). */
    public long[] toLongArray() {
        return (long[]) hostArray(DType.INT64);
    }

    /** Elements in row-major order, converted to boolean (nonzero is true). */
    public boolean[] toBooleanArray() {
        return (boolean[]) hostArray(DType.BOOL);
    }

    private Object hostArray(DType as) {
        Tensor t = dtype() == as ? this : Conversions.castNoGrad(this, as);
        return t.backend().toHost(t);
    }

    /** Nested {@link List}s of boxed values (a bare value for 0-dim), as PyTorch's {@code tolist()}. */
    public Object tolist() {
        return Conversions.toList(this);
    }

    // ---------------------------------------------------------------- conversion

    /** A copy converted to {@code dtype}; this tensor itself when it already has it. */
    public Tensor to(DType dtype) {
        return Conversions.to(this, dtype);
    }

    /** This tensor on {@code device}; itself when already there. */
    public Tensor to(Device device) {
        return Conversions.to(this, device);
    }

    /** As {@link #to(Device)} with PyTorch's spelling: {@code "cpu"}, {@code "cuda"}, {@code "cuda:0"}. */
    public Tensor to(String device) {
        return to(Device.parse(device));
    }

    /**
     * This tensor on the CPU, as {@code x.cpu()}: itself when already there, else a copy that records
     * {@code ToCopyBackward0}.
     */
    public Tensor cpu() {
        return to(Device.cpu());
    }

    /**
     * This tensor on the first CUDA device, as {@code x.cuda()}: itself when already there, else a copy that records
     * {@code ToCopyBackward0}. Throws {@link TensorException} when CUDA is not available.
     */
    public Tensor cuda() {
        return to(Device.cuda());
    }

    /**
     * Makes this tensor's memory outlive any device memory scope open on this thread ({@code CudaScope}): only
     * closing its storage, or the garbage collector, releases it then. For state kept across iterations but
     * created inside one (an optimizer does this for its buffers). Nothing to do on the CPU. Returns this.
     */
    public Tensor persist() {
        Backends.of(device()).persist(this);
        return this;
    }

    /** A copy with its own storage; differentiable ({@code CloneBackward0}). */
    @Override
    public Tensor clone() {
        return Conversions.cloneTensor(this);
    }

    /** This tensor if contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : clone();
    }

    // ---------------------------------------------------------------- arithmetic

    /**
     * {@code this + other}, broadcasting both and promoting their dtypes, as {@code torch.add}; records
     * {@code AddBackward0}.
     */
    public Tensor add(Tensor other) {
        return Arithmetic.add(this, other);
    }

    /**
     * {@code this + scalar} for a Python float: integer and bool tensors give float32, float tensors keep their dtype.
     */
    public Tensor add(double scalar) {
        return Arithmetic.add(this, Scalars.wrap(scalar));
    }

    /** {@code this + scalar} for a Python int: the dtype is kept, except that a bool tensor gives int64. */
    public Tensor add(long scalar) {
        return Arithmetic.add(this, Scalars.wrap(scalar));
    }

    /**
     * {@code this + alpha * other}, as {@code torch.add(x, y, alpha=...)} with a Python float alpha.
     *
     * @throws TensorException when both tensors are integral or bool, as PyTorch refuses a float alpha there
     */
    public Tensor add(Tensor other, double alpha) {
        checkFloatAlpha(other);
        return Arithmetic.add(this, Arithmetic.mul(other, Scalars.wrap(alpha)));
    }

    /** {@code this + alpha * other} with a Python int alpha: integer tensors stay integer, as in PyTorch. */
    public Tensor add(Tensor other, long alpha) {
        return Arithmetic.add(this, Arithmetic.mul(other, Scalars.wrap(alpha)));
    }

    /** PyTorch's {@code alpha_check}: a float alpha needs a floating-point result. */
    private void checkFloatAlpha(Tensor other) {
        if (!TypePromotion.resultType(this, other).isFloatingPoint()) {
            throw new TensorException("For integral input tensors, argument alpha must not be a floating point number.");
        }
    }

    /**
     * {@code this - other}, broadcasting both and promoting their dtypes, as {@code torch.sub}; records
     * {@code SubBackward0}. A bool operand throws {@link TensorException}, as in PyTorch.
     */
    public Tensor sub(Tensor other) {
        return Arithmetic.sub(this, other);
    }

    /** {@code this - scalar} for a Python float; promotes as {@link #add(double)}. */
    public Tensor sub(double scalar) {
        return Arithmetic.sub(this, Scalars.wrap(scalar));
    }

    /** {@code this - scalar} for a Python int; promotes as {@link #add(long)}. */
    public Tensor sub(long scalar) {
        return Arithmetic.sub(this, Scalars.wrap(scalar));
    }

    /**
     * {@code this * other}, broadcasting both and promoting their dtypes, as {@code torch.mul}; records
     * {@code MulBackward0}.
     */
    public Tensor mul(Tensor other) {
        return Arithmetic.mul(this, other);
    }

    /** {@code this * scalar} for a Python float; promotes as {@link #add(double)}. */
    public Tensor mul(double scalar) {
        return Arithmetic.mul(this, Scalars.wrap(scalar));
    }

    /** {@code this * scalar} for a Python int; promotes as {@link #add(long)}. */
    public Tensor mul(long scalar) {
        return Arithmetic.mul(this, Scalars.wrap(scalar));
    }

    /** True division: integers divide to float, as Python's {@code /}. */
    public Tensor div(Tensor other) {
        return Arithmetic.div(this, other);
    }

    /** {@code this / scalar} for a Python float; true division as {@link #div(Tensor)}. */
    public Tensor div(double scalar) {
        return Arithmetic.div(this, Scalars.wrap(scalar));
    }

    /**
     * {@code this / scalar} for a Python int; true division as {@link #div(Tensor)}, so integer tensors give float32.
     */
    public Tensor div(long scalar) {
        return Arithmetic.div(this, Scalars.wrap(scalar));
    }

    /**
     * {@code scalar - this}, as Python's {@code s - t}; a bool tensor throws {@link TensorException}, as in PyTorch.
     */
    public Tensor rsub(double scalar) {
        return Arithmetic.rsub(this, Scalars.wrap(scalar));
    }

    /** {@code scalar - this} for a Python int, as Python's {@code s - t}; records {@code RsubBackward1}. */
    public Tensor rsub(long scalar) {
        return Arithmetic.rsub(this, Scalars.wrap(scalar));
    }

    /** {@code scalar / this}, as Python's {@code s / t}. */
    public Tensor rdiv(double scalar) {
        return Pointwise.reciprocal(this).mul(scalar);
    }

    /**
     * {@code scalar / this} for a Python int, as Python's {@code s / t}; integer tensors give float32. Computed as
     * {@code reciprocal().mul(scalar)}, so it records {@code MulBackward0} over {@code ReciprocalBackward0}.
     */
    public Tensor rdiv(long scalar) {
        return Pointwise.reciprocal(this).mul(scalar);
    }

    /**
     * {@code -this}, as {@code torch.neg}; records {@code NegBackward0}. A bool tensor throws {@link TensorException},
     * as in PyTorch.
     */
    public Tensor neg() {
        return Pointwise.neg(this);
    }

    /** {@code this ** exponent} for a Python float exponent. */
    public Tensor pow(double exponent) {
        return Pointwise.pow(this, exponent, false);
    }

    /** {@code this ** exponent} for a Python int exponent: integer tensors stay integer. */
    public Tensor pow(long exponent) {
        return Pointwise.pow(this, exponent, true);
    }

    /** {@code this ** exponent} for a tensor exponent (broadcast and promoted), as {@code torch.pow}; records {@code PowBackward1}. */
    public Tensor pow(Tensor exponent) {
        return Pointwise.pow(this, exponent, "PowBackward1");
    }

    /** {@code base ** exponent} for a Python float base, as {@code 2.5 ** t}; records {@code PowBackward2}. */
    public static Tensor pow(double base, Tensor exponent) {
        return Pointwise.pow(scalar(base, DType.defaultFloat()), exponent, "PowBackward2");
    }

    /** {@code base ** exponent} for a Python int base, as {@code 2 ** t} (int64 stays int64); records {@code PowBackward2}. */
    public static Tensor pow(long base, Tensor exponent) {
        return Pointwise.pow(scalar(base), exponent, "PowBackward2");
    }

    /**
     * Element-wise <i>e</i><sup>x</sup>, as {@code torch.exp}; integer and bool tensors give float32. Records
     * {@code ExpBackward0}.
     */
    public Tensor exp() {
        return Pointwise.exp(this);
    }

    /**
     * Element-wise natural logarithm (NaN below 0, -inf at 0), as {@code torch.log}; integer and bool tensors give
     * float32. Records {@code LogBackward0}.
     */
    public Tensor log() {
        return Pointwise.log(this);
    }

    /**
     * Element-wise square root (NaN below 0), as {@code torch.sqrt}; integer and bool tensors give float32. Records
     * {@code SqrtBackward0}.
     */
    public Tensor sqrt() {
        return Pointwise.sqrt(this);
    }

    /**
     * Element-wise absolute value, as {@code torch.abs}; int64 stays int64. Records {@code AbsBackward0}, whose
     * gradient is {@code sign(x)} (0 at 0).
     */
    public Tensor abs() {
        return Pointwise.abs(this);
    }

    /**
     * Element-wise {@code 1 / x}, as {@code torch.reciprocal}; integer and bool tensors give float32. Records
     * {@code ReciprocalBackward0}.
     */
    public Tensor reciprocal() {
        return Pointwise.reciprocal(this);
    }

    /**
     * Element-wise {@code max(x, 0)} with NaN kept, as {@code torch.relu}; int64 stays int64. Records
     * {@code ReluBackward0}: the gradient passes where the output is positive.
     */
    public Tensor relu() {
        return Pointwise.relu(this);
    }

    /**
     * Element-wise {@code 1 / (1 + exp(-x))}, as {@code torch.sigmoid}; integer and bool tensors give float32. Records
     * {@code SigmoidBackward0}.
     */
    public Tensor sigmoid() {
        return Pointwise.sigmoid(this);
    }

    /**
     * Element-wise hyperbolic tangent, as {@code torch.tanh}; integer and bool tensors give float32. Records
     * {@code TanhBackward0}.
     */
    public Tensor tanh() {
        return Pointwise.tanh(this);
    }

    /**
     * Limits values to [min, max] for Python float bounds (NaN for a missing one; both NaN throws
     * {@link TensorException}), as {@code torch.clamp}. PyTorch promotes the tensor with its bounds: an integer or bool
     * tensor gives float32, a floating-point one keeps its dtype. Records {@code ClampBackward1}: no gradient where
     * {@code x} is outside the bounds.
     */
    public Tensor clamp(double min, double max) {
        return Pointwise.clamp(this, min, max, false);
    }

    /**
     * As {@link #clamp(double, double)} for Python int bounds: the dtype is kept, except that a bool tensor gives
     * int64.
     */
    public Tensor clamp(long min, long max) {
        return Pointwise.clamp(this, min, max, true);
    }

    /**
     * Element-wise {@code max(x, min)} with NaN inputs kept, as {@code torch.clamp_min}, for a Python float bound: an
     * integer or bool tensor gives float32, as in {@link #clamp(double, double)}. Records {@code ClampMinBackward0}: no
     * gradient where {@code x < min}.
     */
    public Tensor clampMin(double min) {
        return Pointwise.clamp(this, min, Double.NaN, false, "ClampMinBackward0");
    }

    /** As {@link #clampMin(double)} for a Python int bound: the dtype is kept, except that bool gives int64. */
    public Tensor clampMin(long min) {
        return Pointwise.clamp(this, min, Double.NaN, true, "ClampMinBackward0");
    }

    /**
     * Element-wise {@code min(x, max)} with NaN inputs kept, as {@code torch.clamp_max}, for a Python float bound: an
     * integer or bool tensor gives float32, as in {@link #clamp(double, double)}. Records {@code ClampMaxBackward0}: no
     * gradient where {@code x > max}.
     */
    public Tensor clampMax(double max) {
        return Pointwise.clamp(this, Double.NaN, max, false, "ClampMaxBackward0");
    }

    /** As {@link #clampMax(double)} for a Python int bound: the dtype is kept, except that bool gives int64. */
    public Tensor clampMax(long max) {
        return Pointwise.clamp(this, Double.NaN, max, true, "ClampMaxBackward0");
    }

    // ---------------------------------------------------------------- comparisons

    /**
     * Element-wise {@code this > other} as a bool tensor, broadcasting both and comparing in their promoted dtype, as
     * {@code torch.gt}. Comparisons record no autograd history.
     */
    public Tensor gt(Tensor other) {
        return Comparisons.compare(io.streamgrad.backend.BinaryOp.GT, this, other);
    }

    /**
     * {@code this > scalar} as a bool tensor for a Python float: an integer or bool tensor is compared in
     * float32, a floating-point one in its own dtype.
     */
    public Tensor gt(double scalar) {
        return gt(Scalars.wrap(scalar));
    }

    /**
     * {@code this > scalar} as a bool tensor for a Python int: an int64 tensor is compared exactly in int64, a
     * floating-point one in its own dtype and a bool one in int64, as PyTorch promotes.
     */
    public Tensor gt(long scalar) {
        return gt(Scalars.wrap(scalar));
    }

    /**
     * Element-wise {@code this < other} as a bool tensor, broadcasting both and comparing in their promoted dtype, as
     * {@code torch.lt}; records no autograd history.
     */
    public Tensor lt(Tensor other) {
        return Comparisons.compare(io.streamgrad.backend.BinaryOp.LT, this, other);
    }

    /**
     * {@code this < scalar} as a bool tensor for a Python float: an integer or bool tensor is compared in
     * float32, a floating-point one in its own dtype.
     */
    public Tensor lt(double scalar) {
        return lt(Scalars.wrap(scalar));
    }

    /**
     * {@code this < scalar} as a bool tensor for a Python int: an int64 tensor is compared exactly in int64, a
     * floating-point one in its own dtype and a bool one in int64, as PyTorch promotes.
     */
    public Tensor lt(long scalar) {
        return lt(Scalars.wrap(scalar));
    }

    /**
     * Element-wise {@code this >= other} as a bool tensor, broadcasting both and comparing in their promoted dtype, as
     * {@code torch.ge}; records no autograd history.
     */
    public Tensor ge(Tensor other) {
        return Comparisons.compare(io.streamgrad.backend.BinaryOp.GE, this, other);
    }

    /**
     * {@code this >= scalar} as a bool tensor for a Python float: an integer or bool tensor is compared in
     * float32, a floating-point one in its own dtype.
     */
    public Tensor ge(double scalar) {
        return ge(Scalars.wrap(scalar));
    }

    /**
     * {@code this >= scalar} as a bool tensor for a Python int: an int64 tensor is compared exactly in int64, a
     * floating-point one in its own dtype and a bool one in int64, as PyTorch promotes.
     */
    public Tensor ge(long scalar) {
        return ge(Scalars.wrap(scalar));
    }

    /**
     * Element-wise {@code this <= other} as a bool tensor, broadcasting both and comparing in their promoted dtype, as
     * {@code torch.le}; records no autograd history.
     */
    public Tensor le(Tensor other) {
        return Comparisons.compare(io.streamgrad.backend.BinaryOp.LE, this, other);
    }

    /**
     * {@code this <= scalar} as a bool tensor for a Python float: an integer or bool tensor is compared in
     * float32, a floating-point one in its own dtype.
     */
    public Tensor le(double scalar) {
        return le(Scalars.wrap(scalar));
    }

    /**
     * {@code this <= scalar} as a bool tensor for a Python int: an int64 tensor is compared exactly in int64, a
     * floating-point one in its own dtype and a bool one in int64, as PyTorch promotes.
     */
    public Tensor le(long scalar) {
        return le(Scalars.wrap(scalar));
    }

    /**
     * Element-wise {@code this == other} as a bool tensor, broadcasting both and comparing in their promoted dtype, as
     * {@code torch.eq}; records no autograd history.
     */
    public Tensor eq(Tensor other) {
        return Comparisons.compare(io.streamgrad.backend.BinaryOp.EQ, this, other);
    }

    /**
     * {@code this == scalar} as a bool tensor for a Python float: an integer or bool tensor is compared in
     * float32, a floating-point one in its own dtype.
     */
    public Tensor eq(double scalar) {
        return eq(Scalars.wrap(scalar));
    }

    /**
     * {@code this == scalar} as a bool tensor for a Python int: an int64 tensor is compared exactly in int64, a
     * floating-point one in its own dtype and a bool one in int64, as PyTorch promotes.
     */
    public Tensor eq(long scalar) {
        return eq(Scalars.wrap(scalar));
    }

    /**
     * Element-wise {@code this != other} as a bool tensor, broadcasting both and comparing in their promoted dtype, as
     * {@code torch.ne}; records no autograd history.
     */
    public Tensor ne(Tensor other) {
        return Comparisons.compare(io.streamgrad.backend.BinaryOp.NE, this, other);
    }

    /**
     * {@code this != scalar} as a bool tensor for a Python float: an integer or bool tensor is compared in
     * float32, a floating-point one in its own dtype.
     */
    public Tensor ne(double scalar) {
        return ne(Scalars.wrap(scalar));
    }

    /**
     * {@code this != scalar} as a bool tensor for a Python int: an int64 tensor is compared exactly in int64, a
     * floating-point one in its own dtype and a bool one in int64, as PyTorch promotes.
     */
    public Tensor ne(long scalar) {
        return ne(Scalars.wrap(scalar));
    }

    /** Elements of {@code a} where {@code condition} holds, else of {@code b}; broadcasts all three. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Comparisons.where(condition, a, b);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (integers sum to int64). */
    public Tensor sum() {
        return Reductions.sum(this, null, false);
    }

    /**
     * Sum over {@code dim} (negative counts from the end), which is removed, as {@code x.sum(dim)}; integers sum to
     * int64. Records {@code SumBackward1}.
     */
    public Tensor sum(int dim) {
        return Reductions.sum(this, new int[] {dim}, false);
    }

    /** As {@link #sum(int)}; with {@code keepdim} the reduced dim stays, with size 1. */
    public Tensor sum(int dim, boolean keepdim) {
        return Reductions.sum(this, new int[] {dim}, keepdim);
    }

    /**
     * Sum over several dims at once, as {@code x.sum((d0, d1), keepdim)}; an empty list reduces over all dims, as
     * PyTorch's {@code dim=[]} does. A dim given twice throws {@link TensorException}.
     */
    public Tensor sum(int[] dims, boolean keepdim) {
        return Reductions.sum(this, dims.clone(), keepdim);
    }

    /**
     * Mean of all elements as a 0-dim tensor, as {@code x.mean()}. Floating-point tensors only ({@link TensorException}
     * otherwise); sums in float64, then rounds to this dtype. Records {@code MeanBackward0}.
     */
    public Tensor mean() {
        return Reductions.mean(this, null, false);
    }

    /**
     * Mean over {@code dim}, which is removed, as {@code x.mean(dim)}; see {@link #mean()}. Records
     * {@code MeanBackward1}.
     */
    public Tensor mean(int dim) {
        return Reductions.mean(this, new int[] {dim}, false);
    }

    /** As {@link #mean(int)}; with {@code keepdim} the reduced dim stays, with size 1. */
    public Tensor mean(int dim, boolean keepdim) {
        return Reductions.mean(this, new int[] {dim}, keepdim);
    }

    /**
     * Mean over several dims at once, as {@code x.mean((d0, d1), keepdim)}; an empty list reduces over all dims, as
     * PyTorch's {@code dim=[]} does. A dim given twice throws {@link TensorException}.
     */
    public Tensor mean(int[] dims, boolean keepdim) {
        return Reductions.mean(this, dims.clone(), keepdim);
    }

    /**
     * The largest element (NaN if any is NaN) as a 0-dim tensor of this dtype, as {@code x.amax()}; an empty tensor
     * throws {@link TensorException}. Records {@code AmaxBackward0}, which shares the gradient evenly among the
     * elements equal to the maximum.
     */
    public Tensor amax() {
        return Reductions.extreme(this, io.streamgrad.backend.ReduceOp.MAX, null, false);
    }

    /**
     * The maxima along {@code dim}, which is removed, as {@code x.amax(dim)}: values only, no indices. See
     * {@link #amax()}. Of an empty tensor only an empty reduced dim throws {@link TensorException}; the result is
     * empty otherwise, as in PyTorch.
     */
    public Tensor amax(int dim) {
        return amax(dim, false);
    }

    /** As {@link #amax(int)}; with {@code keepdim} the reduced dim stays, with size 1. */
    public Tensor amax(int dim, boolean keepdim) {
        return Reductions.extreme(this, io.streamgrad.backend.ReduceOp.MAX, new int[] {dim}, keepdim);
    }

    /**
     * The maxima over several dims at once, as {@code x.amax((d0, d1), keepdim)}; an empty list reduces over all
     * dims, as PyTorch's {@code dim=[]} does. A dim given twice throws {@link TensorException}.
     */
    public Tensor amax(int[] dims, boolean keepdim) {
        return Reductions.extreme(this, io.streamgrad.backend.ReduceOp.MAX, dims.clone(), keepdim);
    }

    /**
     * The smallest element (NaN if any is NaN) as a 0-dim tensor of this dtype, as {@code x.amin()}; an empty tensor
     * throws {@link TensorException}. Records {@code AminBackward0}, which shares the gradient evenly among the
     * elements equal to the minimum.
     */
    public Tensor amin() {
        return Reductions.extreme(this, io.streamgrad.backend.ReduceOp.MIN, null, false);
    }

    /**
     * The minima along {@code dim}, which is removed, as {@code x.amin(dim)}: values only, no indices. See
     * {@link #amin()}. Of an empty tensor only an empty reduced dim throws {@link TensorException}; the result is
     * empty otherwise, as in PyTorch.
     */
    public Tensor amin(int dim) {
        return amin(dim, false);
    }

    /** As {@link #amin(int)}; with {@code keepdim} the reduced dim stays, with size 1. */
    public Tensor amin(int dim, boolean keepdim) {
        return Reductions.extreme(this, io.streamgrad.backend.ReduceOp.MIN, new int[] {dim}, keepdim);
    }

    /**
     * The minima over several dims at once, as {@code x.amin((d0, d1), keepdim)}; an empty list reduces over all
     * dims, as PyTorch's {@code dim=[]} does. A dim given twice throws {@link TensorException}.
     */
    public Tensor amin(int[] dims, boolean keepdim) {
        return Reductions.extreme(this, io.streamgrad.backend.ReduceOp.MIN, dims.clone(), keepdim);
    }

    /**
     * {@code exp(x) / sum(exp(x))} along {@code dim}, shifted by the max so large inputs do not overflow, as
     * {@code x.softmax(dim)}. Floating-point tensors only ({@link TensorException} otherwise); records
     * {@code SoftmaxBackward0}.
     */
    public Tensor softmax(int dim) {
        return Softmax.softmax(this, dim);
    }

    /**
     * {@code log(softmax(x))} along {@code dim}, computed as {@code (x - max) - log(sum(exp(x - max)))} so it stays
     * finite where softmax underflows to 0, as {@code x.log_softmax(dim)}. Floating-point tensors only; records
     * {@code LogSoftmaxBackward0}.
     */
    public Tensor logSoftmax(int dim) {
        return Softmax.logSoftmax(this, dim);
    }

    // ---------------------------------------------------------------- linear algebra

    /** PyTorch's {@code matmul}: dot, matrix-vector, matrix-matrix or batched with broadcasting. */
    public Tensor matmul(Tensor other) {
        return MatrixProducts.matmul(this, other);
    }

    /** Product of two 2-D matrices. */
    public Tensor mm(Tensor other) {
        return MatrixProducts.mm(this, other);
    }

    // ---------------------------------------------------------------- shape

    /** The transpose of a tensor of at most 2 dims. */
    public Tensor t() {
        return Views.t(this);
    }

    /**
     * A view with dims {@code dim0} and {@code dim1} swapped (negative dims count from the end), as
     * {@code x.transpose(dim0, dim1)}; records {@code TransposeBackward0}.
     */
    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** A tensor of {@code shape} with these elements: a view when the strides allow, else a copy. -1 infers one size. */
    public Tensor reshape(int... shape) {
        return Views.reshape(this, shape);
    }

    /** A view of {@code shape}; fails when the strides do not allow a view. */
    public Tensor view(int... shape) {
        return Views.view(this, shape);
    }

    /**
     * A view with a size-1 dim inserted at {@code dim}, from {@code -(dim()+1)} to {@code dim()}, as
     * {@code x.unsqueeze(dim)}; records {@code UnsqueezeBackward0}.
     */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** Removes all size-1 dims. */
    public Tensor squeeze() {
        return Views.squeeze(this);
    }

    /** Removes dim {@code dim} if its size is 1. */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    /**
     * Removes those of {@code dims} (negative counts from the end) whose size is 1, as {@code x.squeeze((0, 2))};
     * records {@code SqueezeBackward2}.
     */
    public Tensor squeeze(int[] dims) {
        return Views.squeeze(this, dims);
    }

    /** A broadcast view of size-1 dims to {@code shape} (-1 keeps a size). */
    public Tensor expand(int... shape) {
        return Views.expand(this, shape);
    }

    /**
     * All elements as a 1-D tensor (one element for a 0-dim tensor), as {@code x.flatten()}: this tensor itself when
     * already 1-D, else a view when the strides allow and a copy otherwise, as {@link #reshape}.
     */
    public Tensor flatten() {
        return Views.flatten(this, 0, -1);
    }

    /**
     * Merges dims {@code startDim} through {@code endDim} (inclusive, negative counts from the end) into one, as
     * {@code x.flatten(start_dim, end_dim)}, by {@link #reshape}. Returns this tensor itself when they are the same
     * dim; {@link TensorException} when {@code startDim} comes after {@code endDim}.
     */
    public Tensor flatten(int startDim, int endDim) {
        return Views.flatten(this, startDim, endDim);
    }

    /** The slice at {@code index} along {@code dim}, which is removed: {@code x[:, i]} for dim 1. */
    public Tensor select(int dim, int index) {
        return Views.select(this, dim, index);
    }

    /** Row {@code index}: {@code x[i]}. */
    public Tensor get(int index) {
        return Views.select(this, 0, index);
    }

    /** {@code length} entries from {@code start} along {@code dim}: {@code x[start:start+length]}. */
    public Tensor narrow(int dim, int start, int length) {
        return Views.narrow(this, dim, start, length);
    }

    /** Rows picked by an int64 index tensor, as {@code x[idx]} (a copy). */
    public Tensor index(Tensor indices) {
        return Gather.indexRows(this, indices);
    }

    /** Concatenates along an existing dim. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Joins.cat(tensors, dim);
    }

    /** Stacks along a new dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Joins.stack(tensors, dim);
    }

    // ---------------------------------------------------------------- in place

    /**
     * {@code this += other} in place, as {@code x.add_(other)}, and returns this. {@code other} must broadcast to this
     * tensor's shape and the promoted dtype must fit this one (a float cannot go into an int64 tensor), else
     * {@link TensorException}; a leaf that requires grad, or a view of one, cannot be modified while grad mode is on
     * ({@link io.streamgrad.autograd.AutogradException}). Bumps {@link #version()}; when either operand requires grad
     * in grad mode, {@code AddBackward0} becomes this tensor's grad_fn.
     */
    public Tensor add_(Tensor other) {
        return InPlace.binary(this, other, io.streamgrad.backend.BinaryOp.ADD);
    }

    /**
     * {@code this += scalar} in place for a Python float, with the checks of {@link #add_(Tensor)}: an integer or bool
     * tensor refuses it.
     */
    public Tensor add_(double scalar) {
        return InPlace.binary(this, Scalars.wrap(scalar), io.streamgrad.backend.BinaryOp.ADD);
    }

    /** {@code this += scalar} in place for a Python int, with the checks of {@link #add_(Tensor)}. */
    public Tensor add_(long scalar) {
        return InPlace.binary(this, Scalars.wrap(scalar), io.streamgrad.backend.BinaryOp.ADD);
    }

    /**
     * {@code this += alpha * other} in place, with a Python float alpha.
     *
     * @throws TensorException when both tensors are integral or bool (PyTorch's {@code alpha_check})
     */
    public Tensor add_(Tensor other, double alpha) {
        checkFloatAlpha(other);
        return InPlace.binary(this, Arithmetic.mul(other, Scalars.wrap(alpha)), io.streamgrad.backend.BinaryOp.ADD);
    }

    /** {@code this += alpha * other} in place, with a Python int alpha. */
    public Tensor add_(Tensor other, long alpha) {
        return InPlace.binary(this, Arithmetic.mul(other, Scalars.wrap(alpha)), io.streamgrad.backend.BinaryOp.ADD);
    }

    /**
     * {@code this -= other} in place, as {@code x.sub_(other)}, with the checks of {@link #add_(Tensor)}; a bool
     * operand throws {@link TensorException} as in {@link #sub(Tensor)}. Records {@code SubBackward0}; returns this.
     */
    public Tensor sub_(Tensor other) {
        return InPlace.binary(this, other, io.streamgrad.backend.BinaryOp.SUB);
    }

    /** {@code this -= scalar} in place for a Python float, as {@link #add_(double)}. */
    public Tensor sub_(double scalar) {
        return InPlace.binary(this, Scalars.wrap(scalar), io.streamgrad.backend.BinaryOp.SUB);
    }

    /** {@code this -= scalar} in place for a Python int, as {@link #add_(long)}. */
    public Tensor sub_(long scalar) {
        return InPlace.binary(this, Scalars.wrap(scalar), io.streamgrad.backend.BinaryOp.SUB);
    }

    /**
     * {@code this *= other} in place, as {@code x.mul_(other)}, with the checks of {@link #add_(Tensor)}; records
     * {@code MulBackward0}. Returns this.
     */
    public Tensor mul_(Tensor other) {
        return InPlace.binary(this, other, io.streamgrad.backend.BinaryOp.MUL);
    }

    /**
     * {@code this *= scalar} in place for a Python float, as {@link #add_(double)}: an integer or bool tensor
     * refuses it.
     */
    public Tensor mul_(double scalar) {
        return InPlace.binary(this, Scalars.wrap(scalar), io.streamgrad.backend.BinaryOp.MUL);
    }

    /** {@code this *= scalar} in place for a Python int, as {@link #add_(long)}. */
    public Tensor mul_(long scalar) {
        return InPlace.binary(this, Scalars.wrap(scalar), io.streamgrad.backend.BinaryOp.MUL);
    }

    /**
     * {@code this /= other} in place by true division, as {@code x.div_(other)}, with the checks of
     * {@link #add_(Tensor)}, so an integer tensor refuses it (the quotient is float); records {@code DivBackward0}.
     * Returns this.
     */
    public Tensor div_(Tensor other) {
        return InPlace.binary(this, other, io.streamgrad.backend.BinaryOp.DIV);
    }

    /** {@code this /= scalar} in place; see {@link #div_(Tensor)}. */
    public Tensor div_(double scalar) {
        return InPlace.binary(this, Scalars.wrap(scalar), io.streamgrad.backend.BinaryOp.DIV);
    }

    /** {@code this /= scalar} in place; see {@link #div_(Tensor)}: an integer tensor refuses it. */
    public Tensor div_(long scalar) {
        return InPlace.binary(this, Scalars.wrap(scalar), io.streamgrad.backend.BinaryOp.DIV);
    }

    /** Transposes this tensor's own dims (at most 2). */
    public Tensor t_() {
        return InPlace.transpose(this);
    }

    /** Copies {@code src} (broadcast, cast) into this tensor. */
    public Tensor copy_(Tensor src) {
        return InPlace.copy(this, src);
    }

    /**
     * Sets every element to 0 in place, as {@code x.zero_()}, and returns this; a leaf that requires grad is refused as
     * by {@link #add_(Tensor)}. Bumps {@link #version()}; when this tensor requires grad in grad mode,
     * {@code ZeroBackward0} (a zero gradient) becomes its grad_fn.
     */
    public Tensor zero_() {
        return InPlace.fill(this, 0, "ZeroBackward0");
    }

    /**
     * Sets every element to {@code value} cast to this dtype (truncated toward zero for int64) in place, as
     * {@code x.fill_(value)}, and returns this; see {@link #zero_()}. Records {@code FillBackward0}, even when
     * {@code value} is 0, as PyTorch does.
     */
    public Tensor fill_(double value) {
        return InPlace.fill(this, value, "FillBackward0");
    }

    /**
     * {@link #clamp(double, double)} in place (NaN for a missing bound; both NaN throws {@link TensorException}); a
     * leaf that requires grad is refused as by {@link #add_(Tensor)}, and so is an integer or bool tensor, which the
     * float bounds would promote. Records {@code ClampBackward1}; returns this.
     */
    public Tensor clamp_(double min, double max) {
        return InPlace.clamp(this, min, max, false);
    }

    /** {@link #clamp(long, long)} in place, with the checks of {@link #clamp_(double, double)}: bool is refused. */
    public Tensor clamp_(long min, long max) {
        return InPlace.clamp(this, min, max, true);
    }

    /**
     * Writes {@code src} (broadcast to this shape, cast to this dtype) through this view and bumps the version,
     * without autograd checks: the building block of the in-place ops and of backward rules.
     */
    void copyFrom(Tensor src) {
        Tensor from = src.device().equals(device()) ? src : Conversions.to(src.detach(), device());
        backend().copy(Elementwise.operand(from, from.dtype(), device(), sizes), this);
        versionCounter.bump();
    }

    // ---------------------------------------------------------------- printing

    /** Exactly PyTorch's {@code repr}. */
    @Override
    public String toString() {
        return Conversions.repr(this);
    }
}
