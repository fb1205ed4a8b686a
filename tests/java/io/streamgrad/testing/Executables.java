package io.streamgrad.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the programs that tests drive from outside the JVM (Prometheus, Chromium): installed by .ci/run
 * from Debian's packages when missing, absent on a bare developer machine, where their tests skip.
 */
public final class Executables {
    private Executables() {
    }

    /** The first executable {@code name} on {@code PATH}, else the first of {@code fallbacks} that is executable. */
    public static Optional<Path> find(String name, Path... fallbacks) {
        String path = System.getenv().getOrDefault("PATH", "");
        Stream<Path> onPath = Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name));
        return Stream.concat(onPath, Stream.of(fallbacks)).filter(Files::isExecutable).findFirst();
    }

    /**
     * The executable {@code name} from {@code PATH}, else {@code installed} (where {@code debianPackage} puts
     * it); when there is none, skips the calling test and says what to install.
     */
    public static Path orSkip(String name, String debianPackage, Path installed) {
        Optional<Path> found = find(name, installed);
        Assumptions.assumeTrue(found.isPresent(), () -> name + " is not installed (not on PATH, no " + installed
                + "): .ci/run installs Debian's package '" + debianPackage + "' when it can; run 'apt-get install "
                + debianPackage + "' to run this test here");
        return found.orElseThrow();
    }
}
