package dev.lockstep.refinement.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class DeltaDebuggingTest {
    /** Fails when the list contains 3 and, later, 7. */
    private static final Predicate<List<Integer>> THREE_THEN_SEVEN = l -> {
        int three = l.indexOf(3);
        return three >= 0 && l.subList(three, l.size()).contains(7);
    };

    @Test
    void minimiseKeepsExactlyTheElementsTheFailureNeeds() {
        assertEquals(List.of(3, 7), DeltaDebugging.minimise(List.of(1, 3, 4, 5, 9, 7, 2, 8), THREE_THEN_SEVEN));
    }

    @Test
    void minimisedSequencesAreOneMinimalAndStillFail() {
        qt().withFixedSeed(7).withExamples(200)
                .forAll(lists().of(integers().between(0, 9)).ofSizeBetween(0, 30), integers().between(0, 30),
                        integers().between(0, 30))
                .checkAssert((noise, at3, at7) -> {
                    // noise with a 3 and, somewhere after it, a 7 planted: a failing input
                    List<Integer> l = new ArrayList<>(noise);
                    int three = Math.min(at3, l.size());
                    l.add(three, 3);
                    l.add(three + 1 + Math.min(at7, l.size() - three - 1), 7);
                    List<Integer> min = DeltaDebugging.minimise(l, THREE_THEN_SEVEN);
                    assertEquals(true, THREE_THEN_SEVEN.test(min));
                    for (int i = 0; i < min.size(); i++) {
                        List<Integer> smaller = new ArrayList<>(min);
                        smaller.remove(i);
                        assertEquals(false, THREE_THEN_SEVEN.test(smaller), () -> "not 1-minimal: " + min);
                    }
                });
    }

    @Test
    void minimiseRefusesASequenceThatPasses() {
        assertThrows(IllegalArgumentException.class, () -> DeltaDebugging.minimise(List.of(7, 3), THREE_THEN_SEVEN));
    }
}
