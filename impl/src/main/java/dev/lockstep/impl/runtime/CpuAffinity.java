package dev.lockstep.impl.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the threads of one run on one CPU. A run passes a single baton between its task threads,
 * so every task switch wakes a parked thread; when the waker's CPU is busy and another is idle,
 * Linux wakes the thread on the idle CPU, and on a virtual machine waking an idle virtual CPU
 * costs tens of microseconds (measured with {@link RuntimeBench}: 3.3 s for 100,000 switches free,
 * 0.42 s with the process on one CPU). Threads that share a CPU switch in a few microseconds.
 *
 * <p>Linux only, through {@code sched_setaffinity(2)} on the calling thread (JNA). Elsewhere, or
 * if the native call is unavailable, nothing is pinned and {@link #unavailable} says why: pinning
 * changes speed, never a result.
 */
public final class CpuAffinity {
  /** {@code cpu_set_t} of glibc: 1024 bits. */
  private static final int MASK_LONGS = 16;
  private static final String UNAVAILABLE;
  /** The CPUs this process may run on when first asked, in ascending order. */
  private static final int[] ALLOWED;
  /** The CPU each thread was pinned to by this class, or null for unpinned. */
  private static final ThreadLocal<Integer> PINNED = new ThreadLocal<>();

  static {
    String reason = null;
    int[] allowed = new int[0];
    if (!Platform.isLinux()) {
      reason = "CPU pinning needs Linux";
    } else {
      try {
        Native.register(Platform.C_LIBRARY_NAME);
        allowed = cpus(currentMask());
      } catch (LinkageError | RuntimeException e) {
        // No native library for this platform, or none that can be loaded (a noexec temp folder).
        reason = "CPU pinning unavailable: " + e;
      }
    }
    UNAVAILABLE = reason;
    ALLOWED = allowed;
  }

  private CpuAffinity() {}

  private static native int sched_setaffinity(int pid, long size, long[] mask) throws LastErrorException;

  private static native int sched_getaffinity(int pid, long size, long[] mask) throws LastErrorException;

  private static native int sched_getcpu() throws LastErrorException;

  /** Why threads are not pinned on this machine, if they are not. */
  public static Optional<String> unavailable() {
    return Optional.ofNullable(UNAVAILABLE);
  }

  /** The CPU for lane {@code lane} of parallel work: the allowed CPUs taken in turn; -1 if unavailable. */
  static int cpuOfLane(int lane) {
    return UNAVAILABLE == null && ALLOWED.length > 0 ? ALLOWED[lane % ALLOWED.length] : -1;
  }

  /** The CPU the calling thread is running on at this instant (asked of the kernel), or -1 if unknown. */
  static int runningCpu() {
    return UNAVAILABLE != null ? -1 : sched_getcpu();
  }

  /** The CPUs the calling thread may run on now, or none if unknown. */
  static List<Integer> allowedCpus() {
    return UNAVAILABLE != null ? List.of() : Arrays.stream(cpus(currentMask())).boxed().toList();
  }

  /** The CPUs the process was allowed when this class was loaded. */
  static List<Integer> processCpus() {
    return Arrays.stream(ALLOWED).boxed().toList();
  }

  /** The CPU the calling thread was pinned to by this class, or -1. */
  static int pinnedCpu() {
    Integer pinned = PINNED.get();
    return pinned == null ? -1 : pinned;
  }

  /** Pins the calling thread to {@code cpu} (no-op for -1 or where it already is). */
  static void pin(int cpu) {
    if (cpu < 0 || UNAVAILABLE != null) {
      return;
    }
    Integer pinned = PINNED.get();
    if (pinned != null && pinned == cpu) {
      return;
    }
    long[] mask = new long[MASK_LONGS];
    mask[cpu / 64] = 1L << (cpu % 64);
    if (setMask(mask)) {
      PINNED.set(cpu);
    }
  }

  /** Lets the calling thread run on every CPU it was allowed before pinning. */
  static void unpin() {
    if (PINNED.get() == null) {
      return;
    }
    long[] mask = new long[MASK_LONGS];
    for (int cpu : ALLOWED) {
      mask[cpu / 64] |= 1L << (cpu % 64);
    }
    setMask(mask);
    PINNED.remove();
  }

  /** False if the kernel refused the mask (a CPU taken away since start-up): we run where it puts us. */
  private static boolean setMask(long[] mask) {
    try {
      sched_setaffinity(0, MASK_LONGS * Long.BYTES, mask);
      return true;
    } catch (LastErrorException e) {
      return false;
    }
  }

  private static long[] currentMask() {
    long[] mask = new long[MASK_LONGS];
    sched_getaffinity(0, MASK_LONGS * Long.BYTES, mask);
    return mask;
  }

  private static int[] cpus(long[] mask) {
    List<Integer> cpus = new ArrayList<>();
    for (int cpu = 0; cpu < MASK_LONGS * 64; cpu++) {
      if ((mask[cpu / 64] & (1L << (cpu % 64))) != 0) {
        cpus.add(cpu);
      }
    }
    return cpus.stream().mapToInt(Integer::intValue).toArray();
  }
}
