package io.streamgrad.kafka.internal;

import io.streamgrad.kafka.ReceiverRecord;
import reactor.core.CoreSubscriber;

import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A receiver's subscriber and what one element it requests is: one record ({@code receive()}) or one list
 * of the buffered records, up to {@code max.poll.records} ({@code receiveBatches()}). The only difference
 * between the two modes; {@link RecordEmitter} and {@link FlowControl} are shared and ask this for the
 * element type's {@link #recordsPerElement() weight}, the most records one demanded element may take.
 *
 * @param <K> key type
 * @param <V> value type
 * @param <T> the element type: {@code ReceiverRecord<K, V>} or {@code List<ReceiverRecord<K, V>>}
 */
public final class Downstream<K, V, T> {
    private final CoreSubscriber<? super T> subscriber;
    private final int recordsPerElement;
    private final Function<RecordBuffer<K, V>, T> take;
    private final ToIntFunction<T> records;

    private Downstream(CoreSubscriber<? super T> subscriber, int recordsPerElement,
                       Function<RecordBuffer<K, V>, T> take, ToIntFunction<T> records) {
        this.subscriber = subscriber;
        this.recordsPerElement = recordsPerElement;
        this.take = take;
        this.records = records;
    }

    /** One record per element. */
    public static <K, V> Downstream<K, V, ReceiverRecord<K, V>> records(
            CoreSubscriber<? super ReceiverRecord<K, V>> subscriber) {
        return new Downstream<>(subscriber, 1, RecordBuffer::poll, record -> 1);
    }

    /**
     * Per element, an unmodifiable, non-empty list of whatever is buffered, up to {@code maxRecords}: the
     * emitter does not wait for a list to fill, so a list is usually the records of one poll.
     */
    public static <K, V> Downstream<K, V, List<ReceiverRecord<K, V>>> batches(
            CoreSubscriber<? super List<ReceiverRecord<K, V>>> subscriber, int maxRecords) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be positive, got " + maxRecords);
        }
        return new Downstream<>(subscriber, maxRecords, buffer -> {
            List<ReceiverRecord<K, V>> taken = buffer.pollUpTo(maxRecords);
            return taken.isEmpty() ? null : Collections.unmodifiableList(taken);
        }, List::size);
    }

    /** The most records one element takes from the buffer: the factor from demanded elements to records. */
    public int recordsPerElement() {
        return recordsPerElement;
    }

    CoreSubscriber<? super T> subscriber() {
        return subscriber;
    }

    /** The next element, taken from the buffer, or null when the buffer is empty. */
    T take(RecordBuffer<K, V> buffer) {
        return take.apply(buffer);
    }

    /** How many records {@code element} holds. */
    int records(T element) {
        return records.applyAsInt(element);
    }
}
