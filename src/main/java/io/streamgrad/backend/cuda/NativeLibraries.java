package io.streamgrad.backend.cuda;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds and opens the native libraries: the driver ({@code libcuda.so.1}, installed with the NVIDIA driver)
 * and cuBLAS ({@code libcublas.so.13}, part of the CUDA toolkit, optional). Opening goes through
 * {@link SymbolLookup#libraryLookup}, i.e. {@code dlopen}, so a bare name is searched as the dynamic loader
 * searches it ({@code LD_LIBRARY_PATH}, then the loader cache).
 */
final class NativeLibraries {
    /** The driver library's name; a path in this property replaces it (tests use a stand-in driver). */
    static final String DRIVER_PROPERTY = "streamgrad.cuda.driver.path";
    static final String DRIVER_NAME = "libcuda.so.1";
    /** A path to libcublas in this property is tried first; {@value #DISABLED} means: do not use cuBLAS. */
    static final String CUBLAS_PROPERTY = "streamgrad.cublas.path";
    static final String DISABLED = "none";
    static final String CUBLAS_NAME = "libcublas.so.13";

    /** An opened library and the name or path it was opened by. */
    record Opened(SymbolLookup lookup, String source) {
    }

    private NativeLibraries() {
    }

    /** Opens the driver or explains why it cannot be opened. */
    static Opened openDriver(Arena arena) {
        String name = System.getProperty(DRIVER_PROPERTY, DRIVER_NAME);
        try {
            return new Opened(SymbolLookup.libraryLookup(name, arena), name);
        } catch (IllegalArgumentException e) {
            throw new CudaUnavailableException(name + " not found: no NVIDIA driver is installed on this machine"
                    + " (the dynamic loader could not open it: " + e.getMessage() + ")", e);
        }
    }

    /**
     * Opens cuBLAS from the first candidate that loads; empty when none does. {@code tried} receives one line
     * per failed candidate, for the log line that says why the built-in matmul kernel is used.
     */
    static Optional<Opened> openCublas(Arena arena, List<String> tried) {
        String configured = System.getProperty(CUBLAS_PROPERTY);
        if (DISABLED.equals(configured)) {
            tried.add(CUBLAS_PROPERTY + "=" + DISABLED);
            return Optional.empty();
        }
        for (String candidate : cublasCandidates(configured, cudaHomes(Path.of("/usr/local")))) {
            if (candidate.startsWith("/") && !Files.exists(Path.of(candidate))) {
                tried.add(candidate + " (absent)");
                continue;
            }
            try {
                return Optional.of(new Opened(SymbolLookup.libraryLookup(candidate, arena), candidate));
            } catch (IllegalArgumentException e) {
                tried.add(candidate + " (" + e.getMessage() + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * Where cuBLAS is looked for, in order: the path the property names; {@code lib64/libcublas.so.13} under
     * each CUDA installation; the bare soname (loader path and cache); the unversioned
     * {@code System.mapLibraryName("cublas")}.
     */
    static List<String> cublasCandidates(String configuredPath, List<Path> cudaHomes) {
        List<String> out = new ArrayList<>();
        if (configuredPath != null && !configuredPath.isBlank()) {
            out.add(configuredPath.strip());
        }
        for (Path home : cudaHomes) {
            out.add(home.resolve("lib64").resolve(CUBLAS_NAME).toString());
        }
        out.add(CUBLAS_NAME);
        out.add(System.mapLibraryName("cublas"));
        return out;
    }

    /**
     * CUDA installations under {@code root}: the {@code cuda} link (the system's default toolkit) first, then
     * {@code cuda-X.Y} directories, newest name first.
     */
    static List<Path> cudaHomes(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("cuda"))
                    .sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().equals("cuda"))
                            .thenComparing(p -> p.getFileName().toString(), Comparator.reverseOrder()))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
