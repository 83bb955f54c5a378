package dev.lockstep.impl.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The project's litmus suite (src/test/resources/litmus): each test's verdict under the
 * LKMM-approximating model is the one its Result: comment gives (the LKMM's, with the source cited
 * in the file); sequential consistency shows no final state the weak model lacks; and no run of
 * either model ends blocked.
 */
class LitmusSuiteTest {
  private static final Path SUITE = Path.of("src/test/resources/litmus");

  @TestFactory
  Stream<DynamicTest> verdictsAreTheLinuxKernelMemoryModels() throws IOException {
    List<Path> files = Litmus.litmusFiles(List.of(SUITE));
    assertTrue(files.size() >= 57, "suite has " + files.size() + " tests");
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      LitmusTest test = LitmusReader.read(f);
      LitmusResult weak = LitmusRunner.run(test, MemoryModel.LKMM);
      assertEquals(test.declared().orElseThrow(), weak.verdict(), test.name());
      LitmusResult sc = LitmusRunner.run(test, MemoryModel.SC);
      assertTrue(weak.finalStates().keySet().containsAll(sc.finalStates().keySet()),
          () -> test.name() + ": SC " + sc.finalStates().keySet() + ", LKMM " + weak.finalStates().keySet());
      assertEquals(0, sc.deadlocks() + weak.deadlocks(), test.name() + " blocked");
    }));
  }

  /**
   * The runtime's own model against the LKMM: it shows only outcomes the LKMM allows (the RCU
   * tests pin rcu_read_unlock()'s release ordering: relaxed, a plain access still in flight
   * escaped the read-side critical section past a grace period), and it shows seed 000's outcome
   * as the LKMM does.
   */
  @Test
  void theRuntimesModelIsNeverWeakerThanTheLkmm() throws IOException, LitmusException {
    List<String> weaker = new ArrayList<>();
    for (Path f : Litmus.litmusFiles(List.of(SUITE))) {
      LitmusTest test = LitmusReader.read(f);
      LitmusResult runtime = LitmusRunner.run(test, MemoryModel.RUNTIME);
      LitmusResult weak = LitmusRunner.run(test, MemoryModel.LKMM);
      if (!weak.finalStates().keySet().containsAll(runtime.finalStates().keySet())) {
        weaker.add(test.name());
      }
      if (test.name().startsWith("seed000")) {
        assertEquals(weak.verdict(), runtime.verdict(), test.name());
      }
    }
    assertEquals(List.of(), weaker);
  }
}
