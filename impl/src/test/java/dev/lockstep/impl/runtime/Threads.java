package dev.lockstep.impl.runtime;

import java.util.List;

/** Test helper: the runtime's task threads still alive in this JVM. */
final class Threads {
  private Threads() {}

  static List<String> liveTaskThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("lockstep-"))
        .toList();
  }
}
