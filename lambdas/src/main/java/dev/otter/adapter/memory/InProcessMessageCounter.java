package dev.otter.adapter.memory;

import dev.otter.core.port.MessageCounter;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Message counts in this process's memory: exact where one process serves every connection (the local runner),
 * and costing no request. On Lambda, where many instances serve one connection, use the DynamoDB counter.
 * Counts past their {@code forgetAfter} are dropped now and then, so departed senders do not pile up.
 */
public final class InProcessMessageCounter implements MessageCounter {
    private static final int SWEEP_EVERY = 10_000;

    private final Map<String, Windows> bySender = new ConcurrentHashMap<>();
    private final Clock clock;
    private int sinceSweep;

    public InProcessMessageCounter(Clock clock) {
        this.clock = clock;
    }

    private static final class Windows {
        long window = Long.MIN_VALUE;
        long current;
        long previous;
        Instant forgetAfter;

        synchronized WindowCounts add(long at, Instant forget) {
            if (at != window) {
                previous = at == window + 1 ? current : 0;
                current = 0;
                window = at;
            }
            current++;
            forgetAfter = forget;
            return new WindowCounts(current, previous);
        }

        synchronized boolean forgotten(Instant now) {
            return forgetAfter != null && now.isAfter(forgetAfter);
        }
    }

    @Override
    public WindowCounts add(String sender, long window, Instant forgetAfter) {
        sweepNowAndThen();
        return bySender.computeIfAbsent(sender, id -> new Windows()).add(window, forgetAfter);
    }

    private void sweepNowAndThen() {
        boolean sweep;
        synchronized (this) {
            sweep = ++sinceSweep >= SWEEP_EVERY;
            if (sweep) sinceSweep = 0;
        }
        if (sweep) {
            Instant now = clock.instant();
            bySender.values().removeIf(windows -> windows.forgotten(now));
        }
    }
}
