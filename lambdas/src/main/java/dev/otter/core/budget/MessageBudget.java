package dev.otter.core.budget;

import dev.otter.core.port.MessageCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Each WebSocket connection's message budget: how many messages it may send before the server refuses them, and
 * when it closes the connection. Counted per sender in fixed windows ({@link MessageCounter}); a message is
 * judged by everything its sender sent in its window and the one before, refused messages included, so a
 * connection that keeps sending past its budget is refused until it slows down, and closed if it does not.
 * <p>
 * The sender is the seat (room and peer id), not the socket: a connection that comes back with its {@code resume}
 * token (the same peer id) finds its budget as it left it, so reconnecting does not refill it. A fresh connection
 * is a new peer and takes a new seat, which the room's seat limit bounds.
 * <p>
 * Why windows and not a token bucket: a bucket's state (tokens, last refill) needs a read, a computation and a
 * conditional write, which on DynamoDB is two requests or a retry under contention; a window count is one
 * commutative {@code ADD}, so the stored budget costs exactly one {@code UpdateItem} per message and is exact
 * across Lambda instances. Summing two whole windows (rather than weighting the older one) makes the bound hard:
 * any span of one window length lies within two consecutive windows, so no connection gets more than
 * {@link Policy#allowed()} messages through in any such span.
 */
public final class MessageBudget {
    /** What to do with one message. */
    public enum Verdict {
        /** Within the budget: handle it. */
        WITHIN,
        /** Over the budget: refuse it ({@code rate-limited}) and handle nothing. */
        OVER,
        /** Far enough over that the connection is abusive: refuse it and close the connection (1008). */
        EXHAUSTED
    }

    /**
     * @param window     the counting window
     * @param allowed    messages handled per two consecutive windows
     * @param closeAfter messages (handled or refused) per two consecutive windows after which the connection closes
     */
    public record Policy(Duration window, int allowed, int closeAfter) {
        /**
         * Sized so a real call never meets it: the heaviest connection of a call is the one joining a full 8-person
         * mesh, which negotiates with 7 peers at once. Per peer it sends one or two descriptions, its media state,
         * and a trickled candidate per local address per kind (host UDP and TCP, server-reflexive, relay over UDP,
         * TCP and TLS): up to about 25 with two network interfaces, so about 190 signals within a second or two.
         * An ICE restart of all seven (a network change) right after is as many again: about 380. 500 leaves a
         * margin over that; sustained, it is 50 messages a second, against one every few minutes (ping) in a
         * settled call. The flood that prompted it was 1,500 a second.
         */
        public static final Policy DEFAULT = new Policy(Duration.ofSeconds(5), 500, 600);

        public Policy {
            if (window.isNegative() || window.isZero() || window.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("the window must be a positive number of whole seconds, got " + window);
            }
            if (allowed <= 0 || closeAfter < allowed) {
                throw new IllegalArgumentException("need 0 < allowed <= closeAfter, got " + allowed + " and " + closeAfter);
            }
        }
    }

    private final MessageCounter counter;
    private final Clock clock;
    private final Policy policy;

    public MessageBudget(MessageCounter counter, Clock clock) {
        this(counter, clock, Policy.DEFAULT);
    }

    public MessageBudget(MessageCounter counter, Clock clock, Policy policy) {
        this.counter = counter;
        this.clock = clock;
        this.policy = policy;
    }

    public Policy policy() {
        return policy;
    }

    /** The key a sender's messages are counted under: its seat, the same for every connection that resumes it. */
    public static String sender(String roomId, String peerId) {
        return roomId + "/" + peerId;
    }

    /** Counts one message of {@code sender} (see {@link #sender}) and says what to do with it. */
    public Verdict spend(String sender) {
        long windowMillis = policy.window().toMillis();
        long window = Math.floorDiv(clock.millis(), windowMillis);
        // Once the next window has ended, this one is neither current nor previous: nobody reads it again.
        Instant forgetAfter = Instant.ofEpochMilli((window + 2) * windowMillis);
        MessageCounter.WindowCounts counts = counter.add(sender, window, forgetAfter);
        long sent = counts.current() + counts.previous();
        if (sent <= policy.allowed()) return Verdict.WITHIN;
        if (sent <= policy.closeAfter()) return Verdict.OVER;
        return Verdict.EXHAUSTED;
    }
}
