package dev.lockstep.checker.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One terminal line rewritten in place, redrawn each second from the elapsed time (so a clock ticks between
 * reports). Other output first clears it ({@link #clear}); the next redraw puts it back.
 */
final class LiveLine implements AutoCloseable {
    private final PrintWriter out;
    private final Function<Duration, String> text;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private int shownWidth;

    /** @param text the line for the time elapsed since this was made */
    LiveLine(PrintWriter out, Function<Duration, String> text) {
        this.out = out;
        this.text = text;
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lockstep-live-line");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::redraw, 0, 1, TimeUnit.SECONDS);
    }

    synchronized void redraw() {
        String line = text.apply(Duration.ofNanos(System.nanoTime() - start));
        // Pad over the rest of a longer previous line.
        out.print("\r" + line + " ".repeat(Math.max(0, shownWidth - line.length())));
        out.flush();
        shownWidth = line.length();
    }

    synchronized void clear() {
        if (shownWidth > 0) {
            out.print("\r" + " ".repeat(shownWidth) + "\r");
            out.flush();
        }
        shownWidth = 0;
    }

    /** Clears the line and prints {@code output} in its place, with no redraw in between. */
    synchronized void printAbove(Runnable output) {
        clear();
        output.run();
    }

    /** {@code h:mm:ss}. */
    static String clock(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        clear();
    }
}
