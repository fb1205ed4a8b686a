package io.streamgrad.backend.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The committed kernel binaries (src/main/resources/cuda) were built from the committed CUDA sources
 * (src/main/cuda): the manifest build.sh writes records a SHA-256 of every source and binary, and these must
 * match the files. File times are useless for this (a git checkout sets them all to the checkout time). Where
 * the same nvcc is installed, the sources are also recompiled and the output compared byte for byte.
 */
class KernelManifestTest {
    private static final Path SOURCES = Path.of("src/main/cuda");
    private static final Path BINARIES = Path.of("src/main/resources/cuda");
    private static final String REBUILD = " changed since the binaries were built: run src/main/cuda/build.sh and commit"
            + " its output";

    /** kind ("source" or "binary") -> file name -> SHA-256, and the nvcc version, from the manifest. */
    private record Manifest(String nvcc, Map<String, String> sources, Map<String, String> binaries) {
        static Manifest read() throws IOException {
            Map<String, String> sources = new TreeMap<>();
            Map<String, String> binaries = new TreeMap<>();
            String nvcc = "";
            for (String line : Files.readAllLines(BINARIES.resolve("MANIFEST"))) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "nvcc" -> nvcc = f[1];
                    case "source" -> sources.put(f[2], f[1]);
                    case "binary" -> binaries.put(f[2], f[1]);
                    default -> {
                        // comments
                    }
                }
            }
            return new Manifest(nvcc, sources, binaries);
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> currentSources() throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".cu") || name.endsWith(".cuh") || name.equals("build.sh")) {
                    hashes.put(name, sha256(f));
                }
            }
        }
        return hashes;
    }

    @Test
    void theBinariesWereBuiltFromTheseSources() throws IOException {
        Manifest manifest = Manifest.read();
        Map<String, String> current = currentSources();

        assertThat(current.keySet()).as("CUDA sources" + REBUILD).isEqualTo(manifest.sources().keySet());
        current.forEach((name, hash) -> assertThat(hash).as(name + REBUILD).isEqualTo(manifest.sources().get(name)));
    }

    @Test
    void theBinariesAreTheOnesTheManifestRecords() throws IOException {
        Manifest manifest = Manifest.read();

        assertThat(manifest.binaries().keySet()).containsExactlyInAnyOrder(KernelModule.CUBIN, KernelModule.PTX);
        for (Map.Entry<String, String> binary : manifest.binaries().entrySet()) {
            assertThat(sha256(BINARIES.resolve(binary.getKey())))
                    .as(binary.getKey() + " differs from the build recorded in the manifest: run src/main/cuda/build.sh")
                    .isEqualTo(binary.getValue());
        }
    }

    @Test
    void theBinariesAreOnTheClassPath() throws IOException {
        for (String name : List.of(KernelModule.CUBIN, KernelModule.PTX)) {
            try (var in = KernelModule.class.getResourceAsStream(KernelModule.RESOURCE_DIR + name)) {
                assertThat(in).as(name).isNotNull();
                assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(BINARIES.resolve(name)));
            }
        }
    }

    @Test
    void recompilingWithTheSameNvccGivesTheSameBytes(@TempDir Path out) throws Exception {
        Manifest manifest = Manifest.read();
        String version = nvccVersion();
        assumeTrue(version != null, "nvcc is not installed");
        assumeTrue(version.equals(manifest.nvcc()), "nvcc " + version + " differs from the manifest's " + manifest.nvcc());

        Process build = new ProcessBuilder("bash", SOURCES.resolve("build.sh").toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(build.getInputStream().readAllBytes());
        assertThat(build.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(build.exitValue()).as(log).isZero();

        for (String name : List.of(KernelModule.CUBIN, KernelModule.PTX, "MANIFEST")) {
            assertThat(Files.readAllBytes(out.resolve(name))).as(name + REBUILD)
                    .isEqualTo(Files.readAllBytes(BINARIES.resolve(name)));
        }
    }

    private static String nvccVersion() {
        try {
            Process p = new ProcessBuilder("nvcc", "--version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes());
            p.waitFor(30, TimeUnit.SECONDS);
            var m = java.util.regex.Pattern.compile("release [0-9.]+, V([0-9.]+)").matcher(text);
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
