/**
 * Replay: {@link io.bussdcc.replay.ReplayRuntime} re-lives a recorded stream on a
 * {@link io.bussdcc.replay.ReplayClock}; {@link io.bussdcc.replay.ReplayAware} components
 * re-derive chosen message types; {@link io.bussdcc.replay.ReplayListener} and
 * {@link io.bussdcc.replay.ReplayProgress} report what happens. The determinism contract is
 * on {@link io.bussdcc.replay.ReplayRuntime}.
 */
package io.bussdcc.replay;
