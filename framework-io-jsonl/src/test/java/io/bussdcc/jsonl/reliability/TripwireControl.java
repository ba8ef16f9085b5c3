package io.bussdcc.jsonl.reliability;

/** Loaded on purpose by the class-load check, to prove that the check sees a class being loaded. */
final class TripwireControl {

    private TripwireControl() {}
}
