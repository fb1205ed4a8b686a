package io.streamgrad.cli;

import io.streamgrad.config.ConfigException;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * How a command's exception reaches the user. An error the user can fix prints one line, the command's name and
 * the exception's message (which says what was wrong and what was expected), with exit code 2 for invalid
 * configuration ({@link ConfigException}) and 1 for a broker that cannot be reached or refuses the client (a
 * Kafka exception, possibly wrapped by ours). {@code --debug} adds the stack trace. Anything else is a bug:
 * picocli prints its stack trace and exits with 1, as before. Refused options never get here: picocli reports
 * them as {@link CommandLine.ParameterException}s with the usage and exit code 2.
 */
final class CliErrors implements IExecutionExceptionHandler {
    /** Causes followed at most, in case a chain is cyclic. */
    private static final int MAX_CAUSES = 32;

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) throws Exception {
        int exitCode;
        if (e instanceof ConfigException) {
            exitCode = CommandLine.ExitCode.USAGE;
        } else if (causedByKafka(e)) {
            exitCode = CommandLine.ExitCode.SOFTWARE;
        } else {
            throw e;
        }
        PrintWriter err = command.getErr();
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        err.println(command.getColorScheme().errorText(command.getCommandSpec().qualifiedName() + ": " + message));
        if (debug(parsed)) {
            err.print(command.getColorScheme().stackTraceText(e));
        }
        err.flush();
        return exitCode;
    }

    /** Whether {@code --debug} was given, before the subcommand or after it. */
    private static boolean debug(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedByKafka(Throwable e) {
        Throwable t = e;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
            if (t instanceof KafkaException) {
                return true;
            }
        }
        return false;
    }
}
