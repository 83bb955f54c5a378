package dev.lockstep.checker.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;

class TlaValuePropertyTest {
    private static final long SEED = 20_261_122L;

    @Test
    void printedValueParsesBackToAnEqualValue() {
        qt().withFixedSeed(SEED).withExamples(3000).forAll(TlaValueGen.values(3)).checkAssert(v -> {
            TlaValue reparsed = TlaValueParser.parseValue(v.toString());
            assertEquals(v, reparsed);
            assertEquals(v.hashCode(), reparsed.hashCode());
            assertEquals(v.toString(), reparsed.toString());
        });
    }

    @Test
    void orderIsConsistentWithEquality() {
        qt().withFixedSeed(SEED).withExamples(3000).forAll(TlaValueGen.values(2), TlaValueGen.values(2))
                .checkAssert((a, b) -> {
                    assertEquals(a.equals(b), a.compareTo(b) == 0);
                    assertEquals(Integer.signum(a.compareTo(b)), -Integer.signum(b.compareTo(a)));
                });
    }

    @Test
    void orderIsTransitive() {
        qt().withFixedSeed(SEED).withExamples(3000)
                .forAll(TlaValueGen.values(1), TlaValueGen.values(1), TlaValueGen.values(1))
                .checkAssert((a, b, c) -> {
                    if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
                        assertTrue(a.compareTo(c) <= 0, a + " <= " + b + " <= " + c);
                    }
                });
    }

    @Test
    void parsingAStateOfGeneratedValuesGivesThoseValues() {
        qt().withFixedSeed(SEED).withExamples(500).forAll(TlaValueGen.values(2), TlaValueGen.values(2))
                .checkAssert((x, y) -> {
                    var state = TlaValueParser.parseState("/\\ x = " + x + "\n/\\ y = " + y + "\n");
                    assertEquals(x, state.get("x"));
                    assertEquals(y, state.get("y"));
                });
    }
}
