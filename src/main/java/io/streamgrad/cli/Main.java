package io.streamgrad.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code streamgrad} command line. */
@Command(name = "streamgrad", mixinStandardHelpOptions = true, version = "streamgrad 0.1.0",
        description = "Continuous training of models from event streams, with a PyTorch-conformant engine.",
        subcommands = {DemoCommand.class, TrainCommand.class, ProduceCommand.class, ModelsCommand.class, ServeCommand.class,
            GoldenCommand.class,
            SeminarCommand.class, BenchPipelineCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:failed: a broker that cannot be reached or refuses the client, a golden check that failed,"
                    + " or an unexpected error (printed with its stack trace)",
            "2:invalid input: an option or the configuration (a config file, a STREAMGRAD_* variable)"})
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Read by {@link CliErrors} from the parse result, on whichever command it was given. */
    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On an error, print its stack trace as well as its message")
    private boolean debug;

    /** Runs the subcommand {@code args} names and exits the JVM with its exit code; without one, prints the usage. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with streamgrad's error reporting: an error the user can fix (the configuration, the
     * broker) is one line of its message, not a stack trace; see {@link CliErrors}.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler(new CliErrors());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
