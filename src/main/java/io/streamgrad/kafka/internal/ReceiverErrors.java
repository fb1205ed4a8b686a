package io.streamgrad.kafka.internal;

import io.streamgrad.kafka.ReceiverException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidOffsetException;
import org.apache.kafka.common.errors.RecordDeserializationException;

/**
 * Turns a fatal consumer error into a {@link ReceiverException} whose message says which receiver failed,
 * what Kafka said, and what usually fixes it.
 */
public final class ReceiverErrors {
    private ReceiverErrors() {
    }

    /** The exception that terminates the receiver's Flux. */
    public static ReceiverException explain(String receiver, Throwable cause) {
        return new ReceiverException(receiver + " stopped: " + cause + ". " + hint(cause), cause);
    }

    static String hint(Throwable cause) {
        return switch (cause) {
            case AuthenticationException e ->
                    "Authentication failed: check the user and password in sasl.jaas.config (and the secret it"
                            + " refers to), sasl.mechanism, and that the broker has a credential for this user.";
            case AuthorizationException e ->
                    "The broker refused access: grant this user Read on the topics and on the consumer group.";
            case RecordDeserializationException e ->
                    "Record " + e.topicPartition() + "@" + e.offset() + " could not be deserialized. To route bad"
                            + " records to a dead-letter topic instead, receive bytes (ByteArrayDeserializer) and"
                            + " decode them in the pipeline.";
            case InvalidOffsetException e ->
                    "There is no valid offset to start from and auto.offset.reset is 'none': set it to"
                            + " 'earliest' or 'latest', or seek in onPartitionsAssigned.";
            case ConfigException e -> "Fix the client property named above.";
            case IllegalArgumentException e -> "Fix the receiver's configuration as described above.";
            default -> "The receiver cannot continue; subscribe again (e.g. with retryWhen) to start a new consumer.";
        };
    }
}
