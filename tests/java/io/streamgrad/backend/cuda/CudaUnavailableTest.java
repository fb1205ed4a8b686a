package io.streamgrad.backend.cuda;

import io.streamgrad.tensor.Backends;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Tensor;
import io.streamgrad.tensor.TensorException;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Without an NVIDIA driver, CUDA requests fail with a message that says why and what to do. */
class CudaUnavailableTest {
    private static boolean driverInstalled() {
        try {
            SymbolLookup.libraryLookup(NativeLibraries.DRIVER_NAME, Arena.global());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void movingATensorToCudaExplainsThatTheDriverIsMissing() {
        assumeFalse(driverInstalled(), "this machine has an NVIDIA driver");
        assumeFalse(System.getProperty(NativeLibraries.DRIVER_PROPERTY) != null, "a stand-in driver is configured");

        assertThatThrownBy(() -> Tensor.ones(2).to("cuda"))
                .isInstanceOf(TensorException.class)
                .hasMessageStartingWith("CUDA is not available: libcuda.so.1 not found: no NVIDIA driver is installed")
                .hasMessageContaining("Keep tensors on Device.cpu()");
    }

    @Test
    void theBackendReportsUnavailableRatherThanCrashing() {
        assumeFalse(Backends.cudaAvailable(), "this machine has a usable GPU");

        assertThatThrownBy(() -> CudaBackend.open(0)).isInstanceOfAny(CudaUnavailableException.class,
                CudaException.class);
        assertThat(Backends.cudaAvailable()).isFalse();
        assertThat(Tensor.ones(2).to(Device.cpu()).sum().item()).isEqualTo(2.0);
    }

    @Test
    void aNegativeDeviceIndexIsRejected() {
        assertThatThrownBy(() -> CudaBackend.open(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(">= 0");
    }
}
