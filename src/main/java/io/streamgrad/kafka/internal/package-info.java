/**
 * The machinery behind {@code io.streamgrad.kafka}: not an API, may change without notice. Public only
 * because Java has no friend packages.
 *
 * <p>Receiver: {@link io.streamgrad.kafka.internal.PollLoop} owns the consumer on its thread and uses
 * {@link io.streamgrad.kafka.internal.FlowControl} (pause/resume),
 * {@link io.streamgrad.kafka.internal.RecordBuffer} (polled, not yet emitted),
 * {@link io.streamgrad.kafka.internal.RecordEmitter} (the subscription and drain loop) with
 * {@link io.streamgrad.kafka.internal.Downstream} (what one element is: a record or a list),
 * {@link io.streamgrad.kafka.internal.OffsetTracker} / {@link io.streamgrad.kafka.internal.PartitionOffsets}
 * (acknowledgements, stored in an {@code OffsetRing}), {@link io.streamgrad.kafka.internal.OffsetCommitter},
 * {@link io.streamgrad.kafka.internal.RebalanceBridge} and {@link io.streamgrad.kafka.internal.ConsumerTasks}
 * (work handed to the poll thread). Broker: {@link io.streamgrad.kafka.internal.BrokerProperties} and
 * {@link io.streamgrad.kafka.internal.StorageFormatter}.
 */
package io.streamgrad.kafka.internal;
