package io.streamgrad.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARCHITECTURE.md: the engine packages (tensor, autograd, backend, nn, optim, data, io) never import
 * Reactor, Kafka or Micrometer, so the engine stays usable without the streaming half.
 */
class LayeringTest {
    private static final List<String> ENGINE = List.of("tensor", "autograd", "backend", "nn", "optim", "data", "io");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^import\\s+(static\\s+)?(reactor\\.|org\\.apache\\.kafka\\.|io\\.micrometer\\.|io\\.streamgrad\\.(kafka|pipeline|metrics|serving|cli)\\.)",
            Pattern.MULTILINE);

    @Test
    void enginePackagesDoNotDependOnTheStreamingHalf() throws IOException {
        Path root = Path.of("src/main/java/io/streamgrad");
        for (String pkg : ENGINE) {
            Path dir = root.resolve(pkg);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    assertThat(FORBIDDEN.matcher(source).find())
                            .as("%s imports the streaming half", file)
                            .isFalse();
                }
            }
        }
    }

    /** The pipeline is observed by metrics and serving, never the other way round (no package cycle). */
    @Test
    void thePipelineDoesNotDependOnItsObservers() throws IOException {
        Pattern observers = Pattern.compile("^import\\s+(static\\s+)?io\\.streamgrad\\.(metrics|serving|cli)\\.",
                Pattern.MULTILINE);
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/streamgrad/pipeline"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                assertThat(observers.matcher(Files.readString(file)).find())
                        .as("%s imports metrics, serving or cli", file)
                        .isFalse();
            }
        }
    }

    @Test
    void theCheckRecognisesAForbiddenImport() {
        assertThat(FORBIDDEN.matcher("package x;\nimport reactor.core.publisher.Flux;\n").find()).isTrue();
        assertThat(FORBIDDEN.matcher("package x;\nimport java.util.List;\n").find()).isFalse();
    }
}
