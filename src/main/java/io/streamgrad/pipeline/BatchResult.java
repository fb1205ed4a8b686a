package io.streamgrad.pipeline;

import java.util.List;
import java.util.Map;

/**
 * What processing one batch produced: outputs to send, the next offset to consume per partition
 * ({@code "topic-partition"} → offset) covering every record of the batch, and the steps taken.
 *
 * @param publishDue whether the outputs include model publications, so the transaction should commit now
 */
public record BatchResult(List<Output> outputs, Map<TopicPartitionKey, Long> nextOffsets, List<StepOutcome> steps,
                          boolean publishDue, int rejected) {
}
