package io.streamgrad.kafka.internal;

import org.apache.kafka.common.utils.Exit;

/**
 * Kafka's server code calls {@link Exit#exit} or {@link Exit#halt} on fatal errors (a failed log directory,
 * a lost metadata log). Inside our JVM that would kill the trainer or the test run with no message, so the
 * embedded broker turns those calls into exceptions on the calling broker thread instead.
 */
public final class JvmExitGuard {
    private static boolean installed;

    private JvmExitGuard() {
    }

    /** Installs the guard once per JVM. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("The embedded Kafka broker asked to exit the JVM (status " + status
                    + "): " + message + ". The JVM keeps running; the broker is probably unusable now, close it.");
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("The embedded Kafka broker asked to halt the JVM (status " + status
                    + "): " + message + ". The JVM keeps running; the broker is probably unusable now, close it.");
        });
        installed = true;
    }
}
