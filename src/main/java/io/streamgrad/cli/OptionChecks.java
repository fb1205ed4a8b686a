package io.streamgrad.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values that picocli's types do not express. A refused value is a {@link ParameterException}:
 * picocli prints its message (what was wrong, what is expected) with the command's usage and exits with 2.
 */
final class OptionChecks {
    private OptionChecks() {
    }

    /** Refuses {@code value} of {@code option} when it is below {@code min}. */
    static void atLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), option + " must be at least " + min + ", got " + value);
        }
    }
}
