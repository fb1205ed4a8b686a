package io.streamgrad.kafka.internal;

import java.util.OptionalLong;

/**
 * Acknowledgement bookkeeping of one partition for one assignment: which polled records are still
 * unacknowledged, and the offset that may be committed. Records are tracked in poll order, not by offset
 * arithmetic, because offsets have gaps (transaction markers, compaction, aborted records).
 *
 * <p>The commit point advances only over a prefix of acknowledged records: an acknowledgement out of order
 * is flagged and waits until every earlier record is acknowledged too. After {@link #retire()} (the
 * partition was revoked, lost or seeked) acknowledgements are ignored, so a record from an old assignment
 * cannot move the commit point of a new one.
 *
 * <p>Within one assignment a partition's records arrive in increasing offset order (a seek through the
 * receiver retires this bookkeeping and starts a new one), and the offsets are kept in a primitive
 * {@link OffsetRing}. An offset at or below one already tracked (the same record polled again after a seek
 * the receiver did not do) is not tracked twice: acknowledging either copy acknowledges that offset.
 * Acknowledging an offset that was never tracked, or is already behind the commit point, does nothing.
 *
 * <p>Thread-safe: the poll thread tracks (one lock per partition and poll, with {@link #trackAll}) and
 * commits, any thread acknowledges.
 */
public final class PartitionOffsets {
    private final OffsetRing unacknowledged = new OffsetRing();
    /** How many records in {@code unacknowledged} are flagged acknowledged (they wait for earlier ones). */
    private int acknowledgedAhead;
    /** The highest offset ever tracked, or -1: offsets at or below it are not tracked again. */
    private long lastTracked = -1;
    /** The offset to commit (last acknowledged prefix record + 1), or -1 when nothing is acknowledged. */
    private long commitPoint = -1;
    /** The highest commit point known committed. */
    private long committed = -1;
    private boolean retired;

    /** Registers a polled record, in poll order. */
    public synchronized void track(long offset) {
        if (!retired) {
            append(offset);
        }
    }

    /**
     * Registers the first {@code count} polled records of {@code offsets}, in poll order, under one lock.
     * The array is copied: the caller may reuse it.
     */
    public synchronized void trackAll(long[] offsets, int count) {
        if (retired) {
            return;
        }
        for (int i = 0; i < count; i++) {
            append(offsets[i]);
        }
    }

    /** Marks a tracked record processed; idempotent. */
    public synchronized void acknowledge(long offset) {
        if (retired) {
            return;
        }
        int index = unacknowledged.indexOf(offset);
        if (index < 0) {
            return;
        }
        if (index > 0) {
            if (unacknowledged.markAcknowledged(index)) {
                acknowledgedAhead++;
            }
            return;
        }
        commitPoint = unacknowledged.removeFirst() + 1;
        while (!unacknowledged.isEmpty() && unacknowledged.firstAcknowledged()) {
            commitPoint = unacknowledged.removeFirst() + 1;
            acknowledgedAhead--;
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
        acknowledgedAhead = 0;
        committed = Math.max(committed, commitPoint);
    }

    /** Records polled and not yet acknowledged (in order or ahead). */
    public synchronized int pending() {
        return unacknowledged.size() - acknowledgedAhead;
    }

    private void append(long offset) {
        if (offset > lastTracked) {
            unacknowledged.add(offset);
            lastTracked = offset;
        }
    }
}
