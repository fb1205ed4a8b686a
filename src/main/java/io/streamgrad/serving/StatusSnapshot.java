package io.streamgrad.serving;

import java.util.List;
import java.util.Map;

/**
 * What the status page shows, as {@code GET /api/status} returns it (snake_case field names).
 *
 * @param version       the last published version, 0 before the first
 * @param rowsPerSecond rows trained per second over the last few seconds, 0 when training stalled
 * @param lastLoss      the loss of the last applied step, NaN before the first
 * @param lossHistory   the most recent loss points, oldest first (rolled-back steps have none)
 * @param weights       the model's tensors by state-dict name, flattened row-major, as last published
 */
public record StatusSnapshot(String modelId, long version, long step, long rowsSeen, double rowsPerSecond,
                             double lastLoss, List<LossPoint> lossHistory, Map<String, double[]> weights) {
}
