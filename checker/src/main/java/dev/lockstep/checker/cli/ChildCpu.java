package dev.lockstep.checker.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of this JVM's terminated, reaped children and their reaped descendants, for the benches. */
final class ChildCpu {
    /** Linux's USER_HZ, the unit of /proc/self/stat's times; 100 on every common configuration. */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    private ChildCpu() {}

    /** User plus system seconds (cutime + cstime of /proc/self/stat) so far. */
    static double seconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"), US_ASCII);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ", field 3 (state) is f[0]; cutime and cstime are fields 16 and 17.
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / CLOCK_TICKS_PER_SECOND;
    }
}
