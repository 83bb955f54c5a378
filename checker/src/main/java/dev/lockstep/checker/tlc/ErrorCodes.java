package dev.lockstep.checker.tlc;

/** TLC's message codes and process exit codes that classify errors (tlc2.output.EC, tlc2.output.EC.ExitStatus). */
final class ErrorCodes {
    static final int EXIT_EVALUATION_ERROR = 75;
    static final int EXIT_PARSE_ERROR = 150;
    static final int EXIT_CONFIG_ERROR = 151;

    private ErrorCodes() {}

    /** TLC_CONFIG_* (2222-2243, 2280, 2281), CFG_* (5001-5006), symmetry/liveness set-up errors. */
    static boolean isConfigError(int code) {
        return code >= 2222 && code <= 2243 || code == 2280 || code == 2281 || code >= 5001 && code <= 5006
                || code == 2279 || code == 2300;
    }

    /**
     * TLC_MODULE_* evaluation failures, incomplete states (2106, 2109), an ASSUME TLC cannot evaluate (2105), stack
     * overflow from unbounded recursion (1005).
     */
    static boolean isEvaluationError(int code) {
        return code >= 2176 && code <= 2184 || code == 2145 || code == 2155 || code == 2157 || code == 2158
                || code == 2169 || code == 2266 || code == 2283 || code == 2105 || code == 2106 || code == 2109
                || code == 1005;
    }
}
