package dev.lockstep.checker.tlc;

import tlc2.output.EC;

/** Which of TLC's message codes ({@link EC}) classify a run as a configuration or evaluation error. */
final class ErrorCodes {
    private ErrorCodes() {}

    /** The config does not fit the spec: TLC_CONFIG_*, CFG_* and symmetry/liveness set-up errors. */
    static boolean isConfigError(int code) {
        // The first range (2222-2243) also holds TLC_CANT_HANDLE_* (2238-2240): a Spec TLC cannot take apart.
        return code >= EC.TLC_CONFIG_VALUE_NOT_ASSIGNED_TO_CONSTANT_PARAM && code <= EC.TLC_CONFIG_NO_STATE_TYPE
                || code == EC.TLC_CONFIG_UNDEFINED_OR_NO_OPERATOR || code == EC.TLC_CONFIG_SUBSTITUTION_NON_CONSTANT
                || code >= EC.CFG_ERROR_READING_FILE && code <= EC.CFG_EXPECTED_SYMBOL
                || code == EC.TLC_FEATURE_UNSUPPORTED_LIVENESS_SYMMETRY || code == EC.TLC_SYMMETRY_SET_TOO_SMALL;
    }

    /**
     * TLC_MODULE_* evaluation failures, incomplete states, an ASSUME TLC cannot evaluate, stack overflow from unbounded
     * recursion.
     */
    static boolean isEvaluationError(int code) {
        return code >= EC.TLC_MODULE_APPLYING_TO_WRONG_VALUE && code <= EC.TLC_MODULE_APPLY_EMPTY_SEQ
                || code == EC.TLC_MODULE_TLCGET_UNDEFINED || code == EC.TLC_MODULE_COMPARE_VALUE
                || code == EC.TLC_MODULE_TRANSITIVE_CLOSURE || code == EC.TLC_MODULE_CHECK_MEMBER_OF
                || code == EC.TLC_MODULE_ARGUMENT_ERROR || code == EC.TLC_MODULE_ARGUMENT_ERROR_AN
                || code == EC.TLC_MODULE_ONE_ARGUMENT_ERROR || code == EC.TLC_ASSUMPTION_EVALUATION_ERROR
                || code == EC.TLC_STATE_NOT_COMPLETELY_SPECIFIED_INITIAL
                || code == EC.TLC_STATE_NOT_COMPLETELY_SPECIFIED_NEXT || code == EC.SYSTEM_STACK_OVERFLOW;
    }
}
