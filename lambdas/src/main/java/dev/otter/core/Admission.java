package dev.otter.core;

/** Whether a room takes new people; whoever holds a seat keeps it (and may resume it) either way. */
public enum Admission {
    OPEN,
    /** The developer locked the room ({@code PATCH /rooms/{id}}): no new seats, for hosts neither. */
    LOCKED
}
