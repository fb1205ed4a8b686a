package io.streamgrad.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link SafetensorsSample}'s files agree with their sidecars when read back by us, and, where Python has the
 * safetensors package, when read by {@code tests/python/check_safetensors.py} (skipped elsewhere).
 */
class SafetensorsSampleTest {

    @Test
    void eachSampleReadsBackAsItsSidecarSays(@TempDir Path dir) throws IOException {
        List<Path> files = SafetensorsSample.writeAll(dir);

        assertThat(files).hasSize(3);
        for (Path file : files) {
            JsonNode sidecar = new ObjectMapper().readTree(sidecarOf(file).toFile());
            SafetensorsData loaded = Safetensors.loadFile(file);
            assertThat(loaded.metadata()).as(file.toString())
                    .isEqualTo(new ObjectMapper().convertValue(sidecar.get("metadata"), Map.class));
            List<String> names = new ArrayList<>();
            sidecar.get("tensors").fieldNames().forEachRemaining(names::add);
            assertThat(loaded.tensors().keySet()).as(file.toString()).containsExactlyElementsOf(names);
            for (String name : names) {
                JsonNode spec = sidecar.get("tensors").get(name);
                Tensor t = loaded.tensor(name);
                assertThat(t.dtype().pythonName()).as(name).isEqualTo(spec.get("dtype").asText());
                assertThat(new ObjectMapper().convertValue(spec.get("shape"), int[].class)).as(name)
                        .isEqualTo(t.shape().toArray());
                assertThat(spec.get("data").size()).as(name).isEqualTo(t.numel());
            }
        }
    }

    @Test
    void pythonSafetensorsLoadsEverySample(@TempDir Path dir) throws Exception {
        assumeTrue(run(List.of("python3", "-c", "import safetensors")).exitCode == 0,
                "python3 with the safetensors package is not installed here");
        List<String> command = new ArrayList<>(List.of("python3", "tests/python/check_safetensors.py"));
        SafetensorsSample.writeAll(dir).forEach(p -> command.add(p.toString()));

        Result result = run(command);

        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("OK   ").doesNotContain("FAIL");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, output + "\n(timed out)");
            }
            return new Result(process.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new Result(-1, "interrupted");
        }
    }

    private static Path sidecarOf(Path file) {
        String name = file.getFileName().toString();
        return file.resolveSibling(name.substring(0, name.length() - ".safetensors".length()) + ".json");
    }
}
