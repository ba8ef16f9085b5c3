/** JMH micro-benchmarks of the bus, the codec and the segment writer. */
module io.bussdcc.benchmarks {
    requires io.bussdcc.runtime;
}
