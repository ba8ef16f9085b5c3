package io.bussdcc.replay;

/** The determinism contract on logs in memory: the replay alone, without a codec in between. */
class MemoryReplayProperties extends DeterminismContract {

    @Override
    LogStore store() {
        return LogStore.memory();
    }
}
