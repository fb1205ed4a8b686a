package io.streamgrad.pipeline.it;

import io.streamgrad.config.ConfigTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code streamgrad train} process, started as an operator starts it (the CLI's main class on this test's
 * class path, with the JVM flags of every streamgrad process), its output appended to a log file for
 * diagnosis. {@link #kill()} ends it the hard way; {@link #close()} makes sure it has ended.
 */
final class ChildTrainer implements AutoCloseable {
    /** Exit status of a process ended by SIGKILL (9), as {@link Process#exitValue()} reports it on Linux. */
    static final int SIGKILL_STATUS = 128 + 9;
    private static final List<String> JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow", "--add-modules", "jdk.incubator.vector", "-Xmx512m");

    private final Process process;

    private ChildTrainer(Process process) {
        this.process = process;
    }

    /** Writes {@code config} where the child can read it (JSON is YAML) and returns the file. */
    static Path writeConfig(ConfigTree config, Path file) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, config.toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code streamgrad train --config CONFIG --instance-id ID}, appending its output to {@code log}. */
    static ChildTrainer start(Path config, String instanceId, Path log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.streamgrad.cli.Main", "train",
                "--config", config.toString(), "--instance-id", instanceId));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Only the config file configures the child: no STREAMGRAD_* override from this machine's environment.
        builder.environment().keySet().removeIf(k -> k.startsWith("STREAMGRAD_"));
        try {
            Files.createDirectories(log.getParent());
            return new ChildTrainer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Kills the process with SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook runs, no
     * final commit, a transaction may be left open. Returns the exit status once it is gone.
     */
    int kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the trainer process " + process.pid() + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    /** Kills the process if it still runs, so that no trainer outlives its test, whatever the test's outcome. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "trainer process " + process.pid();
    }
}
