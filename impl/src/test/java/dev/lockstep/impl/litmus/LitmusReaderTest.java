package dev.lockstep.impl.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.impl.litmus.Op.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class LitmusReaderTest {
  private static String test(String threads) {
    return "C T\n\n(*\n * Result: Never\n *)\n\n{}\n\n" + threads + "\nexists (0:r0=1)\n";
  }

  private static LitmusException refused(String source) {
    return assertThrows(LitmusException.class, () -> LitmusReader.parse("t.litmus", source));
  }

  @Test
  void readsNameResultLocationsAndCondition() throws LitmusException {
    LitmusTest t = LitmusReader.parse("t.litmus", test("P0(int *x, int *y)\n{\n\tint r0;\n\n"
        + "\tr0 = READ_ONCE(*x);\n\tWRITE_ONCE(*y, r0);\n}\n"));
    assertEquals("T", t.name());
    assertEquals(Verdict.Never, t.declared().orElseThrow());
    assertEquals(List.of("x", "y"), t.locations());
    assertEquals(LitmusTest.Quantifier.EXISTS, t.quantifier());
    assertEquals(List.of(Kind.LOAD, Kind.STORE), t.threads().get(0).ops().stream().map(Op::kind).toList());
  }

  @Test
  void aFullyOrderedAtomicIsAnRmwBetweenTwoFullBarriers() throws LitmusException {
    LitmusTest t = LitmusReader.parse("t.litmus", test("P0(atomic_t *v)\n{\n\tint r0;\n\n"
        + "\tr0 = atomic_dec_and_test(v);\n\tatomic_inc(v);\n\tr0 = atomic_fetch_add_acquire(2, v);\n}\n"));
    List<Op> ops = t.threads().get(0).ops();
    assertEquals(List.of(Kind.MB, Kind.RMW, Kind.MB, Kind.RMW, Kind.RMW), ops.stream().map(Op::kind).toList());
    assertEquals(Op.Order.NONE, ops.get(3).order());
    assertEquals(Op.Order.ACQUIRE, ops.get(4).order());
  }

  @Test
  void namesAnUnsupportedPrimitiveWithItsPosition() {
    LitmusException e = refused(test("P0(spinlock_t *s)\n{\n\tint r0;\n\n\tr0 = spin_is_locked(s);\n}\n"));
    assertTrue(e.unsupported());
    assertEquals("unsupported: spin_is_locked()", e.problem());
    assertEquals(13, e.line());
    assertEquals(7, e.column());
    assertEquals("t.litmus:13:7: unsupported: spin_is_locked()", e.getMessage());
  }

  @Test
  void namesPlainAccessesLoopsAndFilters() {
    assertTrue(refused(test("P0(int *x)\n{\n\t*x = 1;\n}\n")).problem().startsWith("unsupported: plain store"));
    assertTrue(refused(test("P0(int *x)\n{\n\tint r0;\n\n\tr0 = *x;\n}\n")).problem()
        .startsWith("unsupported: plain load"));
    assertEquals("unsupported: while statement",
        refused(test("P0(int *x)\n{\n\twhile (1) ;\n}\n")).problem());
    assertEquals("unsupported: spin_trylock()",
        refused(test("P0(spinlock_t *s)\n{\n\tint r0;\n\n\tr0 = spin_trylock(s);\n}\n")).problem());
    assertEquals("unsupported: architecture 'AArch64' (only herd's C litmus tests: first line 'C NAME')",
        refused("AArch64 MP\n{}\n").problem());
  }

  @Test
  void readsAFilterAndVoidCasts() throws LitmusException {
    LitmusTest t = LitmusReader.parse("t.litmus", "C T\n{ atomic_t v = ATOMIC_INIT(1); }\nP0(atomic_t *v)\n{\n"
        + "\t(void)atomic_add_unless(v, 1, 0);\n}\nfilter (v=2) exists (v=2)\n");
    assertTrue(t.filter().isPresent());
    assertEquals(List.of(1L), t.initialMemory());
    assertEquals(List.of(Kind.RMW, Kind.MB), t.threads().get(0).ops().stream().map(Op::kind).toList());
    assertEquals(Op.Order.FULL, t.threads().get(0).ops().get(0).order());
  }

  @Test
  void aSyntaxErrorIsNotAnUnsupportedConstruct() {
    LitmusException e = refused(test("P0(int *x)\n{\n\tWRITE_ONCE(*x, 1)\n}\n"));
    assertFalse(e.unsupported());
    assertEquals(12, e.line()); // the "}" where ";" was expected
    assertTrue(e.problem().startsWith("syntax error"), e.problem());
  }

  @Test
  void unknownNamesAreErrors() {
    assertEquals("unknown register 0:r9", refused("C T\n{}\nP0(int *x)\n{\n\tint r0;\n\n\tr0 = READ_ONCE(*x);\n}\n"
        + "exists (0:r9=1)\n").problem());
    assertTrue(refused(test("P0(int *x)\n{\n\tWRITE_ONCE(*z, 1);\n}\n")).problem().startsWith("unknown name z"));
  }
}
