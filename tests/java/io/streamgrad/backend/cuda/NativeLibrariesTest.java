package io.streamgrad.backend.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the native libraries are looked for, and how a failed search is reported. */
class NativeLibrariesTest {
    @Test
    void cublasIsLookedForInTheConfiguredPathThenCudaHomesThenTheLoader(@TempDir Path root) {
        List<String> candidates = NativeLibraries.cublasCandidates(" /opt/blas/libcublas.so.13 ",
                List.of(root.resolve("cuda"), root.resolve("cuda-13.0")));

        assertThat(candidates).containsExactly("/opt/blas/libcublas.so.13",
                root.resolve("cuda/lib64/libcublas.so.13").toString(),
                root.resolve("cuda-13.0/lib64/libcublas.so.13").toString(),
                "libcublas.so.13", System.mapLibraryName("cublas"));
    }

    @Test
    void withoutAConfiguredPathTheSearchStartsAtTheCudaHomes() {
        assertThat(NativeLibraries.cublasCandidates(null, List.of())).containsExactly("libcublas.so.13",
                "libcublas.so");
        assertThat(NativeLibraries.cublasCandidates("  ", List.of())).hasSize(2);
    }

    @Test
    void cudaHomesPutTheDefaultLinkFirstThenNewestVersions(@TempDir Path root) throws IOException {
        for (String name : List.of("cuda-12.4", "cuda-13.0", "cuda", "other", "cudnn")) {
            Files.createDirectory(root.resolve(name));
        }

        assertThat(NativeLibraries.cudaHomes(root)).extracting(p -> p.getFileName().toString())
                .containsExactly("cuda", "cuda-13.0", "cuda-12.4");
        assertThat(NativeLibraries.cudaHomes(root.resolve("absent"))).isEmpty();
    }

    @Test
    void aMissingCublasIsReportedCandidateByCandidate(@TempDir Path root) {
        String previous = System.setProperty(NativeLibraries.CUBLAS_PROPERTY, root.resolve("libcublas.so.13").toString());
        try {
            List<String> tried = new ArrayList<>();
            boolean found = NativeLibraries.openCublas(Arena.global(), tried).isPresent();

            if (!found) {
                assertThat(tried.get(0)).isEqualTo(root.resolve("libcublas.so.13") + " (absent)");
                assertThat(tried).anyMatch(line -> line.startsWith("libcublas.so.13 ("));
            }
        } finally {
            restore(NativeLibraries.CUBLAS_PROPERTY, previous);
        }
    }

    @Test
    void cublasCanBeSwitchedOff() {
        String previous = System.setProperty(NativeLibraries.CUBLAS_PROPERTY, "none");
        try {
            List<String> tried = new ArrayList<>();

            assertThat(NativeLibraries.openCublas(Arena.global(), tried)).isEmpty();
            assertThat(tried).containsExactly("streamgrad.cublas.path=none");
        } finally {
            restore(NativeLibraries.CUBLAS_PROPERTY, previous);
        }
    }

    @Test
    void aDriverThatCannotBeOpenedIsUnavailableWithTheLoadersReason(@TempDir Path root) {
        String previous = System.setProperty(NativeLibraries.DRIVER_PROPERTY, root.resolve("libcuda.so.1").toString());
        try {
            CudaUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(CudaUnavailableException.class,
                    () -> NativeLibraries.openDriver(Arena.global()));

            assertThat(e.getMessage()).startsWith(root.resolve("libcuda.so.1") + " not found: no NVIDIA driver");
        } finally {
            restore(NativeLibraries.DRIVER_PROPERTY, previous);
        }
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, previous);
        }
    }
}
