package io.streamgrad.serving;

import io.streamgrad.testing.Executables;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium (.ci/run installs it) loading a page headless, one process per load, each with a new
 * profile: the DOM as it stands after the page's scripts ran, or a screenshot. Every load is bounded; a
 * browser that hangs is killed.
 */
final class HeadlessChromium {
    /** Virtual time the page's scripts get before the dump: a few of the status page's 1 s polls. */
    private static final String SCRIPT_TIME_MS = "3000";
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    private final Path binary;
    private final Path workDir;
    private int loads;

    HeadlessChromium(Path binary, Path workDir) {
        this.binary = binary;
        this.workDir = workDir;
    }

    /** The binary on {@code PATH}, else Debian's {@code /usr/bin/chromium}; skips the test when there is none. */
    static Path binaryOrSkip() {
        return Executables.orSkip("chromium", "chromium", Path.of("/usr/bin/chromium"));
    }

    /** The page's DOM, serialised after its scripts had {@value #SCRIPT_TIME_MS} ms of virtual time. */
    String dumpDom(URI page) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", page.toString()));
    }

    /** Writes a screenshot of {@code page} at {@code width}×{@code height} to {@code png}. */
    void screenshot(URI page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);   // so that a screenshot of an earlier run cannot pass for this one
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, page.toString()));
        if (!Files.isRegularFile(png)) {
            throw new IllegalStateException("chromium wrote no screenshot to " + png);
        }
    }

    /** Runs one headless load; returns its standard output; fails with its log when it fails or hangs. */
    private String run(List<String> what) throws IOException, InterruptedException {
        int load = ++loads;
        Path profile = Files.createDirectory(workDir.resolve("profile-" + load));
        Path out = workDir.resolve("load-" + load + ".out");
        Path log = workDir.resolve("load-" + load + ".log");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--virtual-time-budget=" + SCRIPT_TIME_MS));
        command.addAll(what);
        Process chromium = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!chromium.waitFor(LOAD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);   // renderers and helpers too
            chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("chromium did not finish loading within " + LOAD_TIMEOUT + ": "
                    + String.join(" ", command) + "\n" + tail(log));
        }
        if (chromium.exitValue() != 0) {
            throw new IllegalStateException("chromium exited with " + chromium.exitValue() + ": "
                    + String.join(" ", command) + "\n" + tail(log));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
