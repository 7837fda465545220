package dev.otter.core.port;

import java.time.Instant;

/**
 * Counts a sender's messages in fixed windows of time, for {@link dev.otter.core.budget.MessageBudget}:
 * one atomic step per message, so every instance that serves the sender counts into the same numbers.
 */
public interface MessageCounter {
    /**
     * Adds one message to {@code window} of {@code sender}.
     *
     * @param forgetAfter when the counts may be dropped (nothing reads them after it)
     * @return the counts of {@code window} (this message included) and of the window before it
     */
    WindowCounts add(String sender, long window, Instant forgetAfter);

    /** @param current messages counted in the current window, @param previous in the one before */
    record WindowCounts(long current, long previous) {}
}
