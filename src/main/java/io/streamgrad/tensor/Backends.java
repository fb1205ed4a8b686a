package io.streamgrad.tensor;

import io.streamgrad.backend.Backend;
import io.streamgrad.backend.cpu.CpuBackend;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the backend of a device by name, as tinygrad finds {@code ops_<device>}: the CPU backend is built
 * in; the CUDA backend is looked up by class name so the engine runs where it is absent.
 */
public final class Backends {
    private static final String CUDA_BACKEND = "io.streamgrad.backend.cuda.CudaBackend";
    private static final Map<Device, Backend> CACHE = new ConcurrentHashMap<>();

    private Backends() {
    }

    /** The backend that owns {@code device}'s memory. */
    public static Backend of(Device device) {
        if (!device.isCuda()) {
            return CpuBackend.get();
        }
        return CACHE.computeIfAbsent(device, Backends::loadCuda);
    }

    /** Whether a CUDA device can be used: the backend is present and a driver and GPU were found. */
    public static boolean cudaAvailable() {
        try {
            of(Device.cuda(0));
            return true;
        } catch (TensorException e) {
            return false;
        }
    }

    private static Backend loadCuda(Device device) {
        Class<?> type;
        try {
            type = Class.forName(CUDA_BACKEND);
        } catch (ClassNotFoundException e) {
            throw new TensorException("CUDA is not available: this build of streamgrad has no CUDA backend ("
                    + CUDA_BACKEND + "). Keep tensors on Device.cpu(), or use a build with the CUDA backend.");
        }
        try {
            return (Backend) type.getMethod("open", int.class).invoke(null, device.index());
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new TensorException("CUDA is not available: " + cause.getMessage()
                    + ". Keep tensors on Device.cpu(), or run on a machine with an NVIDIA GPU and driver.");
        } catch (ReflectiveOperationException e) {
            throw new TensorException("CUDA backend could not be started: " + e);
        }
    }
}
