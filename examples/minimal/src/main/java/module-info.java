/**
 * The README's quick start as an application: a sensor service, a watch process, and a replay
 * of what they recorded. Providers it does not require (the system identity, the console sink)
 * are found on the module path; examples/minimal/pom.xml links its image.
 */
module io.bussdcc.examples.minimal {
    requires io.bussdcc.runtime;
    requires io.bussdcc.jsonl;
    requires io.bussdcc.replay;
    // The records are read and written by the codec through their public accessors.
    exports io.bussdcc.examples.minimal;
}
