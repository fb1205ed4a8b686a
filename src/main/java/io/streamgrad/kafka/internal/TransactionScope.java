package io.streamgrad.kafka.internal;

import io.streamgrad.kafka.Transaction;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One open transaction: checks that it is used on its thread while open, and remembers the first failed
 * send (reported in a producer callback), because such a transaction must be aborted, not committed.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class TransactionScope<K, V> implements Transaction<K, V> {
    private final Producer<K, V> producer;
    private final Thread owner = Thread.currentThread();
    private final AtomicReference<Exception> firstSendFailure = new AtomicReference<>();
    private boolean open = true;

    /** Opens the scope on the current (transaction) thread; the caller has begun the transaction. */
    public TransactionScope(Producer<K, V> producer) {
        this.producer = producer;
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        checkUsable("send");
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                result.complete(metadata);
            } else {
                firstSendFailure.compareAndSet(null, error);
                result.completeExceptionally(error);
            }
        });
        return result;
    }

    @Override
    public void sendOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        checkUsable("sendOffsets");
        producer.sendOffsetsToTransaction(offsets, group);
    }

    /** Ends the scope: later calls fail. */
    public void close() {
        open = false;
    }

    /** Throws the first send failure, if any (call after flush, when every callback has run). */
    public void throwIfSendFailed() throws Exception {
        Exception failure = firstSendFailure.get();
        if (failure != null) {
            throw failure;
        }
    }

    private void checkUsable(String operation) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("Transaction." + operation + " was called on thread '"
                    + Thread.currentThread().getName() + "', but a transaction may only be used inside its body, on"
                    + " the sender's transaction thread '" + owner.getName() + "'. Do the work in the body itself.");
        }
        if (!open) {
            throw new IllegalStateException("Transaction." + operation + " was called after the transaction body"
                    + " returned; send everything inside the body.");
        }
    }
}
