package io.streamgrad.kafka.internal;

import io.streamgrad.kafka.PartitionSeeker;
import io.streamgrad.kafka.RebalanceListener;
import io.streamgrad.kafka.ReceiverRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kafka's rebalance callbacks (run by {@code poll} on the poll thread) turned into the receiver's steps and
 * the application's {@link RebalanceListener} calls, in an order that keeps offsets right:
 * <ol>
 *   <li>revoked: drop the partitions' buffered records, let the application flush, commit what it
 *       acknowledged (synchronously, before the rebalance completes), then forget the partitions;</li>
 *   <li>lost: the same without the commit (another member may own them already);</li>
 *   <li>assigned: pause the partitions if the receiver is not fetching, then let the application seek.</li>
 * </ol>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class RebalanceBridge<K, V> implements ConsumerRebalanceListener {
    private final Consumer<K, V> consumer;
    private final RebalanceListener listener;
    private final RecordBuffer<K, V> buffer;
    private final OffsetTracker tracker;
    private final OffsetCommitter committer;
    private final FlowControl flow;
    /** Fully qualified: Kafka's {@code Consumer} owns the short name here. */
    private final java.util.function.Consumer<List<ReceiverRecord<K, V>>> discard;
    private final Duration commitTimeout;

    /**
     * A bridge for one consumer's subscription. All parts belong to the same poll loop.
     *
     * @param discard       gets the buffered records of revoked or lost partitions, never emitted
     * @param commitTimeout the longest the synchronous commit on revocation may take
     */
    public RebalanceBridge(Consumer<K, V> consumer, RebalanceListener listener, RecordBuffer<K, V> buffer,
                           OffsetTracker tracker, OffsetCommitter committer, FlowControl flow,
                           java.util.function.Consumer<List<ReceiverRecord<K, V>>> discard, Duration commitTimeout) {
        this.consumer = consumer;
        this.listener = listener;
        this.buffer = buffer;
        this.tracker = tracker;
        this.committer = committer;
        this.flow = flow;
        this.discard = discard;
        this.commitTimeout = commitTimeout;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        flow.onAssigned(consumer, partitions);
        listener.onPartitionsAssigned(partitions, new Seeker<>(consumer));
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        discard.accept(buffer.removePartitions(partitions));
        listener.onPartitionsRevoked(partitions);
        committer.commitSync(consumer, tracker.uncommitted(partitions), commitTimeout);
        tracker.retire(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        discard.accept(buffer.removePartitions(partitions));
        listener.onPartitionsLost(partitions);
        tracker.retire(partitions);
    }

    /** The consumer, narrowed to what a listener may do while partitions are assigned. */
    private record Seeker<K, V>(Consumer<K, V> consumer) implements PartitionSeeker {
        @Override
        public void seek(TopicPartition partition, long offset) {
            consumer.seek(partition, offset);
        }

        @Override
        public void seekToBeginning(Collection<TopicPartition> partitions) {
            consumer.seekToBeginning(partitions);
        }

        @Override
        public void seekToEnd(Collection<TopicPartition> partitions) {
            consumer.seekToEnd(partitions);
        }

        @Override
        public long position(TopicPartition partition) {
            return consumer.position(partition);
        }

        @Override
        public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
            return consumer.committed(partitions);
        }
    }
}
