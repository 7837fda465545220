package dev.otter.core.signaling;

/** When a connection takes its seat in the room. */
public enum Seating {
    /** At {@code $connect}: the connection counts toward the room's capacity from its first moment. */
    AT_CONNECT,
    /**
     * At its first {@code join}: a standby connection ({@code ?standby=1}), opened while its person is still on the
     * pre-join screen, holds no seat (and burns no single-use link) until it joins.
     */
    AT_JOIN
}
