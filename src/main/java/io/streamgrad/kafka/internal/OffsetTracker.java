package io.streamgrad.kafka.internal;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The {@link PartitionOffsets} of every partition the receiver currently reads. Confined to the poll
 * thread; acknowledgements go straight to the thread-safe {@link PartitionOffsets} of their record.
 */
public final class OffsetTracker {
    private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();

    /** The bookkeeping of {@code partition}, created on its first polled record after (re)assignment. */
    public PartitionOffsets forPartition(TopicPartition partition) {
        return partitions.computeIfAbsent(partition, p -> new PartitionOffsets());
    }

    /** Forgets these partitions; acknowledgements of their records polled so far are ignored from now on. */
    public void retire(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            PartitionOffsets offsets = partitions.remove(partition);
            if (offsets != null) {
                offsets.retire();
            }
        }
    }

    /** Acknowledged offsets not yet committed, of all partitions. */
    public Map<TopicPartition, OffsetAndMetadata> uncommitted() {
        return uncommitted(partitions.keySet());
    }

    /** Acknowledged offsets not yet committed, of these partitions. */
    public Map<TopicPartition, OffsetAndMetadata> uncommitted(Collection<TopicPartition> of) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : of) {
            PartitionOffsets tracked = partitions.get(partition);
            OptionalLong point = tracked == null ? OptionalLong.empty() : tracked.uncommitted();
            point.ifPresent(offset -> offsets.put(partition, new OffsetAndMetadata(offset)));
        }
        return offsets;
    }

    /** Records a successful commit (of partitions possibly retired since: those are skipped). */
    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            PartitionOffsets tracked = partitions.get(partition);
            if (tracked != null) {
                tracked.committed(offset.offset());
            }
        });
    }
}
