package dev.lockstep.checker.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * For every test model, {@link TlcRunner} must report what raw TLC reports on the same files with the same workers:
 * the same verdict and the same number of distinct states. The expected verdict is also pinned, so a model that
 * stops exercising its case is noticed.
 */
class TlcRunnerAgreesWithRawTlcTest {
    @TempDir
    Path metadirParent;

    @ParameterizedTest(name = "{0} with {1} worker(s): {2}")
    @CsvSource({
        "ok,            1, OK,",
        "ok,            2, OK,",
        "invariant,     1, INVARIANT_VIOLATED,       Small",
        "initial,       1, INVARIANT_VIOLATED,       YSmall",
        "deadlock,      1, DEADLOCK,",
        "lasso,         1, TEMPORAL_VIOLATED,",
        "stuttering,    1, TEMPORAL_VIOLATED,",
        "actionprop,    1, ACTION_PROPERTY_VIOLATED, NeverDecreases",
        "assertion,     1, ASSERTION_FAILED,",
        "assumption,    1, ASSUMPTION_FALSE,",
        "evalerror,     1, EVALUATION_ERROR,",
        "parseerror,    1, SPEC_ERROR,",
        "unknownmodule, 1, SPEC_ERROR,",
        "semanticerror, 1, SPEC_ERROR,",
        "configerror,   1, CONFIG_ERROR,",
        "symmetry,      1, INVARIANT_VIOLATED,       NotAllTaken",
        "bigvalues,     1, INVARIANT_VIOLATED,       NeverNegative",
        "modelvalues,   1, INVARIANT_VIOLATED,       NoWriter",
        "onevar,        1, INVARIANT_VIOLATED,       Small",
    })
    void reportsTheSameVerdictAndDistinctStatesAsRawTlc(String model, int workers, Verdict expected, String property)
            throws Exception {
        Path spec = Models.spec(model);
        RawTlc raw = RawTlc.run(spec, Models.config(spec), workers);
        TlcResult result = TlcRunner.run(
                TlcOptions.builder(spec).workers(workers).metadirParent(metadirParent).build(), ProgressListener.NONE);

        assertEquals(expected, raw.verdict(), () -> "raw TLC on " + model + ":\n" + raw.output());
        assertEquals(raw.verdict(), result.verdict(), () -> "checker on " + model + ":\n" + result.rawOutput());
        assertEquals(raw.distinct(), result.stats().distinct(), "distinct states of " + model);
        assertEquals(Optional.ofNullable(property), result.property());
        assertTrue(!result.verdict().isError() || result.errorMessage().isPresent(), () -> "no message: " + result);
        assertTrue(Models.isEmptyFolder(metadirParent), "metadir left behind");
        assertEquals(0, Models.liveChildren(), "TLC process left running");
    }
}
