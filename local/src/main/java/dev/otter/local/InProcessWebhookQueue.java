package dev.otter.local;

import dev.otter.core.port.WebhookQueue;
import dev.otter.core.webhook.QueuedWebhook;
import dev.otter.core.webhook.WebhookSender;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The local runner's stand-in for SQS: one thread runs the very {@link WebhookSender} the sender Lambda runs, over
 * real HTTP. Messages due at the same time run in the order they were queued, so a receiver sees a call's events in
 * the order they happened (SQS makes no such promise; receivers order by {@code timestamp}). Like SQS, a message
 * whose handling throws is handed back later; unlike SQS, nothing survives a restart of the runner.
 */
final class InProcessWebhookQueue implements WebhookQueue, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(InProcessWebhookQueue.class.getName());
    /** How long a message the sender could not handle waits before it is handed back (SQS's visibility timeout). */
    private static final Duration HAND_BACK_AFTER = Duration.ofSeconds(30);

    private final ScheduledExecutorService executor;
    private volatile Supplier<WebhookSender> sender;

    InProcessWebhookQueue() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "otter-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = executor;
    }

    /** The sender is built from services that need this queue, so it is attached once both exist. */
    void deliverWith(Supplier<WebhookSender> senderSupplier) {
        this.sender = senderSupplier;
    }

    @Override
    public void enqueue(QueuedWebhook message, Duration delay) {
        executor.schedule(() -> handle(message), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void handle(QueuedWebhook message) {
        try {
            sender.get().handle(message);
        } catch (RuntimeException e) {
            if (executor.isShutdown()) return; // the runner is stopping: nothing survives it anyway
            LOG.log(System.Logger.Level.WARNING, "webhook " + message.eventId() + " not handled (" + e.getClass().getName()
                    + "); handed back in " + HAND_BACK_AFTER.toSeconds() + " s");
            enqueue(message, HAND_BACK_AFTER);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
