package io.streamgrad.kafka.internal;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * Formats the embedded broker's log directory with Kafka's own {@link StorageTool}, exactly as
 * {@code kafka-storage.sh format --config server.properties --cluster-id ID [--add-scram ...]} would.
 * A directory that already holds {@code meta.properties} is left as it is, so a broker restarted on its
 * old directory keeps its cluster id, topics, offsets and SCRAM credentials.
 */
public final class StorageFormatter {
    /** Written by the formatter into every formatted log directory. */
    static final String META_PROPERTIES = "meta.properties";
    /** Kafka's default for SCRAM credentials created by the storage tool. */
    private static final int SCRAM_ITERATIONS = 4096;

    private StorageFormatter() {
    }

    /** True when {@code dir} was formatted before. */
    public static boolean isFormatted(Path dir) {
        return Files.exists(dir.resolve(META_PROPERTIES));
    }

    /** Formats {@code props.dataDir()} for a new cluster unless it is formatted already. */
    public static void formatIfNeeded(BrokerProperties props) throws IOException, GeneralSecurityException {
        if (isFormatted(props.dataDir())) {
            return;
        }
        Path config = writeConfigWithoutSecrets(props);
        try {
            List<String> args = new ArrayList<>(List.of("format", "--config", config.toString(),
                    "--cluster-id", Uuid.randomUuid().toString()));
            if (props.scram().isPresent()) {
                args.addAll(List.of("--add-scram", scramArgument(props.scram().get())));
            }
            run(args);
        } finally {
            Files.deleteIfExists(config);
        }
    }

    private static void run(List<String> args) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(args.toArray(String[]::new), out);
        }
        if (status != 0) {
            throw new IllegalStateException("kafka-storage format failed with status " + status + ": "
                    + output.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /**
     * The formatter reads the server properties from a file. The file never holds the SCRAM login (the
     * formatter does not need it), so no password touches the disk.
     */
    private static Path writeConfigWithoutSecrets(BrokerProperties props) throws IOException {
        Properties server = props.toProperties();
        server.keySet().removeIf(key -> key.toString().endsWith("sasl.jaas.config"));
        Path file = Files.createTempFile("streamgrad-kafka-format-", ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            server.store(out, "embedded broker, for kafka-storage format only");
        }
        return file;
    }

    /**
     * The storage tool's {@code --add-scram} argument. We pass a salted password rather than the clear one:
     * the tool's parser splits on ',' and so cannot take every password, and the argument then holds no
     * secret that an error message could echo.
     */
    static String scramArgument(ScramUser user) throws GeneralSecurityException {
        ScramFormatter scram = new ScramFormatter(ScramMechanism.forMechanismName(ScramUser.MECHANISM));
        byte[] salt = scram.secureRandomBytes();
        byte[] salted = scram.saltedPassword(user.password(), salt, SCRAM_ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder();
        return ScramUser.MECHANISM + "=[name=" + user.username() + ",iterations=" + SCRAM_ITERATIONS
                + ",salt=\"" + b64.encodeToString(salt) + "\",saltedpassword=\"" + b64.encodeToString(salted) + "\"]";
    }
}
