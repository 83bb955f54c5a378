package dev.lockstep.checker.cli;

import dev.lockstep.checker.tlc.Progress;
import dev.lockstep.checker.tlc.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows TLC's progress on stderr: on a terminal one line rewritten in place (with the elapsed time ticking each
 * second between TLC's reports, which come once a minute), otherwise one plain line per report.
 */
final class ConsoleProgress implements ProgressListener, AutoCloseable {
    private final PrintWriter err;
    private final boolean live;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private Progress last;
    private int shownWidth;

    ConsoleProgress(PrintWriter err, boolean live) {
        this.err = err;
        this.live = live;
        if (live) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "lockstep-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        } else {
            ticker = null;
        }
    }

    @Override
    public synchronized void onProgress(Progress progress) {
        last = progress;
        if (live) {
            redraw();
        } else {
            err.println("progress: " + describe(progress, progress.elapsed()));
            err.flush();
        }
    }

    private synchronized void redraw() {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        String line = last == null ? "running TLC ... " + clock(elapsed) : describe(last, elapsed);
        // Pad over the rest of a longer previous line.
        err.print("\r" + line + " ".repeat(Math.max(0, shownWidth - line.length())));
        err.flush();
        shownWidth = line.length();
    }

    static String describe(Progress p, Duration elapsed) {
        return String.format(Locale.ROOT, "%,d distinct states, %,d states/s, queue %,d, depth %d, %s", p.distinct(),
                p.statesPerSecond(), p.queue(), p.depth(), clock(elapsed));
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    @Override
    public synchronized void close() {
        if (live) {
            ticker.shutdownNow();
            if (shownWidth > 0) {
                err.print("\r" + " ".repeat(shownWidth) + "\r");
                err.flush();
            }
            shownWidth = 0;
        }
    }
}
