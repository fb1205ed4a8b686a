package io.streamgrad.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code streamgrad} command line. */
@Command(name = "streamgrad", mixinStandardHelpOptions = true, version = "streamgrad 0.1.0",
        description = "Continuous training of models from event streams, with a PyTorch-conformant engine.",
        subcommands = {DemoCommand.class, TrainCommand.class, ProduceCommand.class, ModelsCommand.class, ServeCommand.class,
            GoldenCommand.class,
            SeminarCommand.class, BenchPipelineCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the subcommand {@code args} names and exits the JVM with its exit code; without one, prints the usage. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
