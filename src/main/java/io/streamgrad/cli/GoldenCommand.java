package io.streamgrad.cli;

import io.streamgrad.golden.GoldenReport;
import io.streamgrad.golden.GoldenRunner;
import io.streamgrad.tensor.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code streamgrad golden FILE [--device cpu|cuda]}: the conformance run against PyTorch's reference cases. */
@Command(name = "golden", mixinStandardHelpOptions = true,
        description = "Check the engine against a golden/1 file of PyTorch reference cases; prints one line per"
                + " failure and 'N passed, M failed'. Exit code 1 when anything failed.")
final class GoldenCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A golden/1 JSON file, e.g. tests/resources/golden/torch_ops.json")
    private Path file;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda (default: ${DEFAULT-VALUE})")
    private String device;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Device target;
        try {
            target = Device.parse(device);
        } catch (IllegalArgumentException e) {
            // Exit code 1 says a check failed: a mistyped device is invalid input (2) instead.
            throw new ParameterException(spec.commandLine(), "--device: " + e.getMessage(), e, null, device);
        }
        GoldenReport report = new GoldenRunner(target).run(file);
        report.print(System.out);
        return report.failed() == 0 ? 0 : 1;
    }
}
