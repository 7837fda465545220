package dev.otter.core.signaling;

import dev.otter.core.RoomOptions;
import dev.otter.core.port.RoomListing;
import dev.otter.core.port.RoomStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Ends the rooms whose time ran out, so that everyone still in one is told and disconnected, their relays are
 * revoked, and the developer's endpoints hear {@code room.ended} with reason {@code expired}. An expired room
 * already refuses every join and credential on its own (each check compares the expiry with the clock); this sweep
 * is what makes the end visible. Run on a schedule (every minute on AWS, every few seconds locally); two sweeps at
 * once are safe: each room is ended by one conditional write ({@link SeatLifecycle#expire}), which only one wins.
 */
public final class RoomExpiry {
    /**
     * How far back (by creation time) a sweep looks: the longest lifetime a room is created with, plus a day for a
     * sweep that did not run. A room whose expiry was extended ({@code PATCH /rooms/{id}}) past this age is not
     * swept; it still refuses everyone once expired, only its {@code room.ended} is not sent.
     */
    public static final Duration LOOKBACK = Duration.ofHours(RoomOptions.MAX_TTL_HOURS).plus(Duration.ofDays(1));

    private final RoomStore store;
    private final SeatLifecycle seats;
    private final Notifier notifier;
    private final Clock clock;

    public RoomExpiry(RoomStore store, SeatLifecycle seats, Notifier notifier, Clock clock) {
        this.store = store;
        this.seats = seats;
        this.notifier = notifier;
        this.clock = clock;
    }

    /**
     * Pages through the rooms newest first until they are older than {@link #LOOKBACK}, ending each one that is past
     * its expiry and not ended.
     *
     * @return how many rooms this sweep ended (a room another sweep ended first is not counted)
     */
    public int sweep() {
        Instant now = clock.instant();
        Instant oldest = now.minus(LOOKBACK);
        int ended = 0;
        Optional<RoomListing.Cursor> after = Optional.empty();
        do {
            RoomListing.Page page = store.list(new RoomListing(RoomListing.Filter.ALL, RoomListing.MAX_LIMIT, after, now));
            for (RoomListing.Summary room : page.rooms()) {
                if (room.createdAt().isBefore(oldest)) return ended;
                if (room.ended() || now.isBefore(room.expiresAt())) continue;
                Optional<SeatLifecycle.Ending> ending = seats.expire(room.roomId(), now);
                if (ending.isPresent()) {
                    notifier.carryOut(ending.get().outcome());
                    ended++;
                }
            }
            after = page.next();
        } while (after.isPresent());
        return ended;
    }
}
