package dev.otter.local.process;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A child process kept running: when it dies while not closed, it is started again by the same
 * {@link Launcher} (same command, configuration, port and data), and the log says so. Closing it sends
 * SIGTERM, waits, and stops watching.
 */
public final class Supervised implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Supervised.class.getName());
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    /** Starts the child and returns once it is ready (or throws). */
    @FunctionalInterface
    public interface Launcher {
        Process launch() throws IOException;
    }

    private final String name;
    private final Launcher launcher;
    private final ExecutorService watcher;
    private Process process;
    private boolean closed;
    private int restarts;

    private Supervised(String name, Launcher launcher, Process first) {
        this.name = name;
        this.launcher = launcher;
        this.process = first;
        this.watcher = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "otter-supervise-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Launches the child once (failures propagate) and supervises it from then on. */
    public static Supervised start(String name, Launcher launcher) throws IOException {
        Supervised supervised = new Supervised(name, launcher, launcher.launch());
        supervised.watch(supervised.process);
        return supervised;
    }

    public synchronized long pid() {
        return process.pid();
    }

    /** How many times the child was started again after dying. */
    public synchronized int restarts() {
        return restarts;
    }

    private void watch(Process child) {
        child.onExit().thenRunAsync(() -> restart(child), watcher);
    }

    private void restart(Process dead) {
        synchronized (this) {
            if (closed || dead != process) return;
        }
        LOG.warning(name + " (pid " + dead.pid() + ") exited with code " + dead.exitValue() + "; restarting it with the same configuration");
        while (true) {
            synchronized (this) {
                if (closed) return;
            }
            try {
                Process next = launcher.launch();
                synchronized (this) {
                    if (closed) {
                        stop(next);
                        return;
                    }
                    process = next;
                    restarts++;
                }
                LOG.warning(name + " restarted as pid " + next.pid());
                watch(next);
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, name + " could not be restarted (" + e.getMessage() + "); trying again in " + RETRY_DELAY.toSeconds() + " s");
                try {
                    Thread.sleep(RETRY_DELAY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        Process last;
        synchronized (this) {
            closed = true;
            last = process;
        }
        stop(last);
        watcher.shutdownNow();
    }

    /** SIGTERM, then SIGKILL after 5 s. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
