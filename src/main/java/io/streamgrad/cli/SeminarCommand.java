package io.streamgrad.cli;

import io.streamgrad.examples.Seminar;
import picocli.CommandLine.Command;

/** {@code streamgrad seminar}: the PyTorch seminar, every block in order, on streamgrad's engine. */
@Command(name = "seminar", mixinStandardHelpOptions = true,
        description = "Walk through the PyTorch seminar block by block: tensors, devices, in-place ops, the"
                + " regression by hand, autograd, nn.Linear and the 50_Startups fits (raw: the loss explodes;"
                + " scaled: it falls).")
final class SeminarCommand implements Runnable {
    @Override
    public void run() {
        Seminar.run(System.out);
    }
}
