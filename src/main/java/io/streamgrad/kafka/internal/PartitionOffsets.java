package io.streamgrad.kafka.internal;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Acknowledgement bookkeeping of one partition for one assignment: which polled records are still
 * unacknowledged, and the offset that may be committed. Records are tracked in poll order, not by offset
 * arithmetic, because offsets have gaps (transaction markers, compaction, aborted records).
 *
 * <p>The commit point advances only over a prefix of acknowledged records: an acknowledgement out of order
 * waits in {@code acknowledgedAhead} until every earlier record is acknowledged too. After
 * {@link #retire()} (the partition was revoked, lost or seeked) acknowledgements are ignored, so a record
 * from an old assignment cannot move the commit point of a new one.
 *
 * <p>Thread-safe: the poll thread tracks and commits, any thread acknowledges.
 */
public final class PartitionOffsets {
    private final ArrayDeque<Long> unacknowledged = new ArrayDeque<>();
    private final Set<Long> acknowledgedAhead = new HashSet<>();
    /** The offset to commit (last acknowledged prefix record + 1), or -1 when nothing is acknowledged. */
    private long commitPoint = -1;
    /** The highest commit point known committed. */
    private long committed = -1;
    private boolean retired;

    /** Registers a polled record, in poll order. */
    public synchronized void track(long offset) {
        if (!retired) {
            unacknowledged.addLast(offset);
        }
    }

    /** Marks a tracked record processed; idempotent. */
    public synchronized void acknowledge(long offset) {
        if (retired || unacknowledged.isEmpty() || offset < unacknowledged.peekFirst()) {
            return;
        }
        if (offset > unacknowledged.peekFirst()) {
            acknowledgedAhead.add(offset);
            return;
        }
        commitPoint = unacknowledged.pollFirst() + 1;
        while (!unacknowledged.isEmpty() && acknowledgedAhead.remove(unacknowledged.peekFirst())) {
            commitPoint = unacknowledged.pollFirst() + 1;
        }
    }

    /** The commit point, when it is beyond what was committed already. */
    public synchronized OptionalLong uncommitted() {
        return commitPoint > committed ? OptionalLong.of(commitPoint) : OptionalLong.empty();
    }

    /** Records that {@code offset} was committed. */
    public synchronized void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    /** Stops tracking: later acknowledgements are ignored and nothing is left to commit. */
    public synchronized void retire() {
        retired = true;
        unacknowledged.clear();
        acknowledgedAhead.clear();
        committed = Math.max(committed, commitPoint);
    }

    /** Records polled and not yet acknowledged (in order or ahead). */
    public synchronized int pending() {
        return unacknowledged.size() - acknowledgedAhead.size();
    }
}
