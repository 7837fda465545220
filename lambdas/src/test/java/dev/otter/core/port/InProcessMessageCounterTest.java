package dev.otter.core.port;

import dev.otter.adapter.memory.InProcessMessageCounter;
import java.time.Clock;

/** The message-counter contract on the local runner's in-process counter. */
class InProcessMessageCounterTest extends MessageCounterContract {
    private final InProcessMessageCounter counter = new InProcessMessageCounter(Clock.systemUTC());

    @Override
    protected MessageCounter counter() {
        return counter;
    }
}
