module io.bussdcc.examples.minimal {
    requires io.bussdcc.runtime;
    requires io.bussdcc.jsonl;
    requires io.bussdcc.replay;
    // The records are read and written by the codec through their public accessors.
    exports io.bussdcc.examples.minimal;
}
