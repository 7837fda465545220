package dev.otter.core;

/** A refusal with a {@link Problem} and a message that is safe to show to the caller. */
public final class OtterException extends RuntimeException {
    private final Problem problem;

    public OtterException(Problem problem, String message) {
        super(message, null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static OtterException invalidField(String message) {
        return new OtterException(Problem.INVALID_FIELD, message);
    }

    public static OtterException roomNotFound(String roomId) {
        return new OtterException(Problem.ROOM_NOT_FOUND, "no room " + roomId);
    }

    public static OtterException roomEnded() {
        return new OtterException(Problem.ROOM_ENDED, "the room has ended");
    }

    public static OtterException roomFull() {
        return new OtterException(Problem.ROOM_FULL, "the room is full");
    }
}
