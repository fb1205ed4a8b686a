package io.streamgrad.tensor;

import java.util.Objects;

/**
 * Where a tensor's storage lives: the CPU or one CUDA GPU. A device is a value; {@link #parse(String)}
 * reads PyTorch's spellings ({@code "cpu"}, {@code "cuda"}, {@code "cuda:1"}).
 */
public final class Device {
    /** Device kinds. */
    public enum Type {
        /** The host processor. */
        CPU,
        /** An NVIDIA GPU, through the CUDA backend. */
        CUDA
    }

    private static final Device CPU = new Device(Type.CPU, -1);

    private final Type type;
    private final int index;

    private Device(Type type, int index) {
        this.type = type;
        this.index = index;
    }

    /** The CPU, as {@code torch.device("cpu")}. */
    public static Device cpu() {
        return CPU;
    }

    /** The first CUDA device. Whether one exists is checked when a tensor is moved there. */
    public static Device cuda() {
        return cuda(0);
    }

    /**
     * CUDA device {@code index}, as {@code torch.device("cuda", index)}; a negative index throws
     * {@link IllegalArgumentException}. Whether the device exists is checked when a tensor is moved there.
     */
    public static Device cuda(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("CUDA device index must be >= 0, got " + index);
        }
        return new Device(Type.CUDA, index);
    }

    /** Parses {@code cpu}, {@code cuda} or {@code cuda:N}. */
    public static Device parse(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("cpu")) {
            return CPU;
        }
        if (s.equals("cuda")) {
            return cuda(0);
        }
        if (s.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(s.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException(
                "Expected one of cpu, cuda, cuda:N device type at start of device string: " + spec);
    }

    /** Whether this is the CPU or a CUDA device, as {@code device.type}. */
    public Type type() {
        return type;
    }

    /** The device index; -1 for the CPU. */
    public int index() {
        return index;
    }

    /** Whether this is a CUDA device. */
    public boolean isCuda() {
        return type == Type.CUDA;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && d.type == type && d.index == index;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, index);
    }

    /** {@code cpu} or {@code cuda:N}, as PyTorch's {@code str(device)}. */
    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "cuda:" + index;
    }
}
