package dev.lockstep.checker.cli;

import dev.lockstep.checker.tlc.Progress;
import dev.lockstep.checker.tlc.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows TLC's progress on stderr: on a terminal one line rewritten in place (with the elapsed time ticking each
 * second between TLC's reports, which come once a minute), otherwise one plain line per report.
 */
final class ConsoleProgress implements ProgressListener, AutoCloseable {
    private final PrintWriter err;
    private final LiveLine line;
    private volatile Progress last;

    ConsoleProgress(PrintWriter err, boolean live) {
        this.err = err;
        this.line = live ? new LiveLine(err, elapsed -> last == null ? "running TLC ... " + LiveLine.clock(elapsed)
                : describe(last, elapsed)) : null;
    }

    @Override
    public synchronized void onProgress(Progress progress) {
        last = progress;
        if (line != null) {
            line.redraw();
        } else {
            err.println("progress: " + describe(progress, progress.elapsed()));
            err.flush();
        }
    }

    static String describe(Progress p, Duration elapsed) {
        return String.format(Locale.ROOT, "%,d distinct states, %,d states/s, queue %,d, depth %d, %s", p.distinct(),
                p.statesPerSecond(), p.queue(), p.depth(), LiveLine.clock(elapsed));
    }

    @Override
    public synchronized void close() {
        if (line != null) {
            line.close();
        }
    }
}
