package dev.otter.config;

/**
 * How many people a deployment should carry at once, and the request rates that follow from it: the API Gateway
 * stage and route throttles on AWS, and the local gateway's {@code $connect} limit. One home for the sizing, so
 * the deployed and the local limits cannot drift apart.
 * <p>
 * The throttles are targets for the whole deployment (every room shares them); what keeps one participant from
 * spending them is the per-connection message budget and the seat limit of each room.
 *
 * @param concurrentParticipants people in calls at the same moment, across all rooms
 */
public record DeploymentCapacity(int concurrentParticipants) {
    /** What a deployment carries unless told otherwise ({@code -c participants=…}). */
    public static final int DEFAULT_PARTICIPANTS = 1000;
    public static final DeploymentCapacity DEFAULT = new DeploymentCapacity(DEFAULT_PARTICIPANTS);
    /** Below this the floors of the rates below dominate and the number means nothing. */
    public static final int MIN_PARTICIPANTS = 10;
    /** API Gateway's default account quota per region is 10,000 requests a second; beyond it a stage target is moot. */
    public static final int MAX_PARTICIPANTS = 5000;

    /**
     * Share of participants whose media goes through TURN (symmetric NATs, firewalls that allow only TCP/443,
     * relay-only rooms). Field figures for WebRTC put it at 10–20 %; the cautious end sizes the relay fleet.
     */
    public static final double RELAYED_SHARE = 0.2;
    /**
     * One-way media streams a relayed participant puts through TURN in a room of the default size (4): it sends to
     * 3 peers and receives from 3.
     */
    public static final int RELAYED_STREAMS_PER_PARTICIPANT = 6;
    /** Never fewer than this many TURN tasks to scale to: one can be replaced while another carries the calls. */
    public static final int MIN_TURN_TASKS = 2;

    /** A token bucket: {@code rate} requests a second on average, {@code burst} at once. */
    public record Throttle(double rate, int burst) {}

    public DeploymentCapacity {
        if (concurrentParticipants < MIN_PARTICIPANTS || concurrentParticipants > MAX_PARTICIPANTS) {
            throw new IllegalArgumentException("participants must be between " + MIN_PARTICIPANTS + " and "
                    + MAX_PARTICIPANTS + ", got " + concurrentParticipants + " (above " + MAX_PARTICIPANTS
                    + ", first raise the account's API Gateway quota, then this limit)");
        }
    }

    /**
     * Signaling messages ({@code $default}; also the default of every other WebSocket route): 2 a second per
     * participant on average, a burst of 5 each. A settled call sends a ping every few minutes; the load is joins,
     * and a join of an 8-person mesh is a few hundred messages within two seconds. The average leaves room for
     * one participant in ten joining at the same time; the burst for a room-full at once in every tenth room.
     */
    public Throttle messages() {
        return new Throttle(2.0 * concurrentParticipants, 5 * concurrentParticipants);
    }

    /**
     * New WebSocket connections ({@code $connect}), a throttle of its own so that a flood of connects with
     * garbage tokens cannot spend the messages' budget: everybody may reconnect at once (a deployment or a
     * network blip drops every socket, and the SDK reconnects with backoff), then a tenth of them a second.
     */
    public Throttle connects() {
        return new Throttle(Math.max(10, concurrentParticipants / 10.0), concurrentParticipants);
    }

    /**
     * The HTTP API: a participant makes a handful of requests per call (room info, TURN credentials at join and
     * about hourly); the developer's backend one per room it creates. Half a request a second per participant,
     * a burst of one each.
     */
    public Throttle http() {
        return new Throttle(Math.max(10, concurrentParticipants / 2.0), concurrentParticipants);
    }

    /**
     * How far the TURN service should be able to scale: the relayed streams the deployment carries at once
     * ({@link #RELAYED_SHARE} of the participants, {@link #RELAYED_STREAMS_PER_PARTICIPANT} each) over what one
     * task relays, and never fewer than {@link #MIN_TURN_TASKS}. 1,000 participants: 1,200 streams, 3 tasks.
     *
     * @param streamsPerTask one-way streams one TURN task carries below its scaling target
     */
    public int turnTasks(int streamsPerTask) {
        double streams = concurrentParticipants * RELAYED_SHARE * RELAYED_STREAMS_PER_PARTICIPANT;
        return Math.max(MIN_TURN_TASKS, (int) Math.ceil(streams / streamsPerTask));
    }
}
