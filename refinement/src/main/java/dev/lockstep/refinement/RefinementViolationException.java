package dev.lockstep.refinement;

/** Thrown to stop an implementation run at a refinement violation; the message is the violation's report. */
public final class RefinementViolationException extends RuntimeException {
    private final RefinementViolation violation;

    public RefinementViolationException(RefinementViolation violation) {
        super(violation.render());
        this.violation = violation;
    }

    public RefinementViolation violation() {
        return violation;
    }
}
