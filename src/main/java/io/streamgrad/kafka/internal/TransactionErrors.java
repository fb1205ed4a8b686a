package io.streamgrad.kafka.internal;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Sorts a transactional producer's errors as Kafka's documentation prescribes: fenced and other fatal
 * errors mean "close the producer" (no abort is possible), everything else means "abort the transaction
 * and go on". Kafka often wraps the real error in a plain {@code KafkaException}, so the whole cause chain
 * is inspected.
 */
public final class TransactionErrors {
    private TransactionErrors() {
    }

    /** True when another producer with the same transactional.id took over. */
    public static boolean isFenced(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    /** True when the producer cannot continue (fenced included). */
    public static boolean isFatal(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                    || t instanceof OutOfOrderSequenceException || t instanceof AuthorizationException
                    || t instanceof AuthenticationException || t instanceof UnsupportedVersionException) {
                return true;
            }
        }
        return false;
    }
}
