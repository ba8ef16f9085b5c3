package io.bussdcc.replay;

import io.bussdcc.api.Cancellation;
import io.bussdcc.api.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock whose time comes from a recorded stream: it reads whatever instant the replay driver
 * last {@linkplain #advanceTo advanced} it to, and paces those advances against the wall clock.
 *
 * <h2>Speed</h2>
 * {@code 1.0} replays in real time, {@code 10} ten times faster, {@code 0.5} at half speed;
 * {@link #MAX_SPEED} (also accepted as {@code 0}) does not wait at all. Pacing is measured
 * from a monotonic anchor — the wall instant at which some virtual instant was reached — so
 * waits too short to be worth a sleep (under {@value #MIN_SLEEP_NANOS} ns) are not taken one
 * by one but owed, and paid in one sleep once they add up. A replay of a million events a
 * microsecond apart at speed 1 sleeps about once a millisecond, not a million times; at
 * {@code MAX_SPEED} it never reads the wall clock. When the consumer falls behind (slow
 * sinks), the following events are released at once until the replay is on schedule again.
 *
 * <h2>Idle gaps</h2>
 * With a {@linkplain #setMaxGap maximum gap}, a stretch of recorded time with no event that is
 * longer than it is waited as if it were that long (as rosbag's {@code --skip-empty}): a log
 * with an event in the year 999,999,999 then ends in seconds at speed 1, not never. Virtual
 * time still moves to the event's own instant; only the wall-clock wait is shortened.
 *
 * <h2>Control</h2>
 * One thread — the replay driver — advances the clock; any thread may {@link #pause},
 * {@link #resume}, change the {@linkplain #setSpeed speed} or {@link #halt} it, and a pacing
 * wait in progress reacts at once. Pausing freezes virtual time; resuming goes on at the pace
 * from where it was, without catching up the paused time.
 *
 * <h2>As a {@link Clock}</h2>
 * {@link #now()} is the virtual instant; {@link #monotonic()} and {@link #uptime()} measure
 * virtual time since {@linkplain #start the start}. {@link #sleep} waits until virtual time
 * has advanced by the duration — it is meant for services on threads; a
 * {@link ReplayRuntime} runs services on virtual time and never sleeps on its clock.
 */
public final class ReplayClock implements Clock {

    /** The speed at which a replay does not wait between events. */
    public static final double MAX_SPEED = Double.POSITIVE_INFINITY;

    /** Waits shorter than this (1 ms) are owed rather than slept: a sleep costs about as much. */
    public static final long MIN_SLEEP_NANOS = 1_000_000L;

    // How often a sleeper re-checks its Cancellation, which cannot wake it by itself.
    private static final long SLEEPER_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private volatile Anchor anchor;
    private volatile Instant startAt;
    private volatile Instant endAt;
    private volatile Instant now;
    private volatile boolean paused;
    private volatile boolean halted;
    private volatile int sleepers;
    private Instant reachedAtPause; // under lock
    private int stepPermits;        // under lock
    private boolean stepping;       // driver thread only: this turn was granted by a step
    private long pacingWaits;       // under lock: how often pacing slept, for tests
    private volatile Duration maxGap; // null: every gap is waited in full
    private volatile long gapsShortened;

    /**
     * A clock replaying at {@code speed}.
     *
     * @param speed how many times faster than real time; {@code 0} or {@link #MAX_SPEED} for no
     *              waiting
     * @throws IllegalArgumentException if {@code speed} is negative or not a number
     */
    public ReplayClock(double speed) {
        this.anchor = new Anchor(0L, Instant.EPOCH, checkSpeed(speed));
    }

    /** A clock that never waits. */
    public static ReplayClock maxSpeed() {
        return new ReplayClock(MAX_SPEED);
    }

    /**
     * Reads a speed as a user writes it: {@code max}, {@code 0} (also max), {@code 1},
     * {@code 2.5}, {@code 10x}.
     *
     * @throws IllegalArgumentException naming the text, if it is not a speed
     */
    public static double parseSpeed(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("max") || t.equals("inf") || t.equals("infinity")) {
            return MAX_SPEED;
        }
        if (t.endsWith("x")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return checkSpeed(Double.parseDouble(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a replay speed: give a positive number (1 = real "
                    + "time, 10 = ten times faster) or 'max' (0 means max too)");
        }
    }

    // ---- the driver's side -------------------------------------------------------------

    /** Starts the clock at {@code startAt}, with no end. */
    public void start(Instant startAt) {
        start(startAt, null);
    }

    /**
     * Starts the clock: it reads {@code startAt} until advanced.
     *
     * @param endAt the instant the clock may not pass, or {@code null} for none
     * @throws IllegalStateException    if the clock has already started
     * @throws IllegalArgumentException if {@code endAt} is before {@code startAt}
     */
    public void start(Instant startAt, Instant endAt) {
        Objects.requireNonNull(startAt, "startAt");
        if (endAt != null && endAt.isBefore(startAt)) {
            throw new IllegalArgumentException("endAt " + endAt + " is before startAt " + startAt);
        }
        lock.lock();
        try {
            if (this.startAt != null) {
                throw new IllegalStateException("this replay clock has already started (at " + this.startAt + ")");
            }
            this.endAt = endAt;
            this.now = startAt;
            this.anchor = new Anchor(System.nanoTime(), startAt, anchor.speed);
            this.startAt = startAt;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves virtual time to {@code time}, first waiting as long as the speed asks (see the
     * class description). While paused it waits for {@link #resume} — or for a step, in a
     * {@link ReplayRuntime}.
     *
     * @return {@code true} when the clock reads {@code time}; {@code false} if the clock was
     *         halted (or the thread interrupted, whose status is kept) before that
     * @throws IllegalArgumentException if {@code time} is before {@link #now()} or after the end
     * @throws IllegalStateException    if the clock has not started
     */
    public boolean advanceTo(Instant time) {
        Instant current = requireStarted();
        if (time.isBefore(current)) {
            throw new IllegalArgumentException("replay time cannot go back: " + time + " is before " + current);
        }
        Instant end = endAt;
        if (end != null && time.isAfter(end)) {
            throw new IllegalArgumentException(time + " is after the replay clock's end, " + end);
        }
        if (halted) {
            return false;
        }
        if (!stepping && time.isAfter(current) && !anchor.isMax()) {
            shortenGap(current, time);
            if (!pace(time)) {
                return false;
            }
        }
        now = time;
        if (sleepers > 0) {
            signalAll();
        }
        return true;
    }

    /**
     * Waits, while paused, for a {@linkplain #grantStep step} or {@link #resume}; called by the
     * replay driver before each recorded event. A turn granted by a step is not paced.
     *
     * @return {@code false} if the clock was halted (or the thread interrupted)
     */
    boolean awaitTurn() {
        stepping = false;
        if (!paused) {
            return !halted;
        }
        lock.lock();
        try {
            while (paused && stepPermits == 0 && !halted) {
                changed.await();
            }
            if (halted) {
                return false;
            }
            if (paused) {
                stepPermits--;
                stepping = true;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Pauses (if running) and lets exactly one more turn through. */
    void grantStep() {
        lock.lock();
        try {
            if (!paused) {
                pauseLocked();
            }
            stepPermits++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * With a maximum gap, re-anchors pacing so that {@code time} is due at most that gap (of
     * virtual time, at the current speed) after {@code current} was.
     */
    private void shortenGap(Instant current, Instant time) {
        Duration limit = maxGap;
        if (limit == null || Duration.between(current, time).compareTo(limit) <= 0) {
            return;
        }
        lock.lock();
        try {
            Anchor a = anchor;
            if (a.isMax()) {
                return;
            }
            // wallFor(time) becomes wallFor(current) + limit / speed
            anchor = new Anchor(a.wallFor(current), time.minus(limit), a.speed);
            gapsShortened++;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the wall clock is due for {@code time}; false if halted or interrupted. */
    private boolean pace(Instant time) {
        Anchor a = anchor;
        if (!paused && a.wallFor(time) - System.nanoTime() <= MIN_SLEEP_NANOS) {
            return !halted; // on schedule, or owing less than a sleep is worth: go on
        }
        lock.lock();
        try {
            while (true) {
                if (halted) {
                    return false;
                }
                if (paused) {
                    if (stepPermits > 0) {
                        stepPermits--;
                        stepping = true;
                        return true;
                    }
                    changed.await();
                    continue;
                }
                a = anchor;
                if (a.isMax()) {
                    return true;
                }
                long wait = a.wallFor(time) - System.nanoTime();
                if (wait <= MIN_SLEEP_NANOS) {
                    return true;
                }
                pacingWaits++;
                changed.awaitNanos(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    // ---- control, from any thread -----------------------------------------------------

    /** Freezes virtual time: the driver's next wait lasts until {@link #resume}. */
    public void pause() {
        lock.lock();
        try {
            if (!paused) {
                pauseLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    private void pauseLocked() {
        Instant current = now;
        reachedAtPause = current == null ? null : anchor.reached(System.nanoTime(), current);
        paused = true;
        changed.signalAll();
    }

    /** Goes on at the current speed from where the pause froze time. */
    public void resume() {
        lock.lock();
        try {
            if (!paused) {
                return;
            }
            paused = false;
            stepPermits = 0;
            if (reachedAtPause != null) {
                Instant current = now;
                Instant from = reachedAtPause.isBefore(current) ? current : reachedAtPause;
                anchor = new Anchor(System.nanoTime(), from, anchor.speed);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the clock is paused. */
    public boolean isPaused() {
        return paused;
    }

    /**
     * Changes the speed from now on; a wait in progress is re-timed.
     *
     * @throws IllegalArgumentException if {@code speed} is negative or not a number
     */
    public void setSpeed(double speed) {
        double s = checkSpeed(speed);
        lock.lock();
        try {
            Instant current = now;
            long wall = System.nanoTime();
            Instant from = current == null ? Instant.EPOCH : anchor.reached(wall, current);
            anchor = new Anchor(wall, from, s);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The speed: how many times faster than real time, {@link #MAX_SPEED} for no waiting. */
    public double speed() {
        return anchor.speed;
    }

    /**
     * Caps the wall-clock wait for a gap between two advances: a gap of recorded time longer
     * than {@code gap} is waited as if it were {@code gap} long (at the current speed). Takes
     * effect from the next advance.
     *
     * @param gap the longest gap waited in full, or {@code null} to wait every gap in full (the
     *            default)
     * @throws IllegalArgumentException if {@code gap} is negative
     */
    public void setMaxGap(Duration gap) {
        if (gap != null && gap.isNegative()) {
            throw new IllegalArgumentException("a maximum replay gap cannot be negative: " + gap);
        }
        this.maxGap = gap;
    }

    /** The longest gap waited in full, if there is one. */
    public Optional<Duration> maxGap() {
        return Optional.ofNullable(maxGap);
    }

    /** How many gaps were shortened to the {@linkplain #setMaxGap maximum gap} so far. */
    public long gapsShortened() {
        return gapsShortened;
    }

    /** Whether the clock does not wait. */
    public boolean isMaxSpeed() {
        return anchor.isMax();
    }

    /**
     * Stops time for good: every wait in progress ends ({@link #advanceTo} returns
     * {@code false}, sleepers return {@code true}) and no further advance happens.
     */
    public void halt() {
        lock.lock();
        try {
            halted = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the clock has been halted. */
    public boolean isHalted() {
        return halted;
    }

    /** The instant the clock started at, once started. */
    public Optional<Instant> startAt() {
        return Optional.ofNullable(startAt);
    }

    /** The instant the clock may not pass, if it has one. */
    public Optional<Instant> endAt() {
        return Optional.ofNullable(endAt);
    }

    // ---- Clock -------------------------------------------------------------------------

    /**
     * The virtual instant.
     *
     * @throws IllegalStateException if the clock has not started
     */
    @Override
    public Instant now() {
        return requireStarted();
    }

    /** Virtual nanoseconds since the start. */
    @Override
    public long monotonic() {
        Instant current = requireStarted();
        return saturatedNanos(Duration.between(startAt, current));
    }

    /** Virtual time since the start. */
    @Override
    public Duration uptime() {
        Instant current = requireStarted();
        return Duration.between(startAt, current);
    }

    /**
     * Waits until virtual time has advanced by {@code duration} (however long that takes on the
     * wall clock), until {@code cancel} is cancelled, or until the clock is halted — after which
     * time never advances again, so the wait reports itself cancelled rather than hang. An
     * interrupt ends the wait as cancelled too, keeping the interrupt status.
     */
    @Override
    public boolean sleep(Duration duration, Cancellation cancel) {
        if (duration.isNegative() || duration.isZero()) {
            return cancel != null && cancel.isCancelled();
        }
        Instant until = requireStarted().plus(duration);
        lock.lock();
        sleepers++;
        try {
            while (true) {
                if (cancel != null && cancel.isCancelled()) {
                    return true;
                }
                if (!now.isBefore(until)) {
                    return false;
                }
                if (halted) {
                    return true;
                }
                changed.awaitNanos(SLEEPER_POLL_NANOS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            sleepers--;
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        double s = anchor.speed;
        return "ReplayClock[speed=" + (s == MAX_SPEED ? "max" : s) + ", now=" + now + (paused ? ", paused" : "")
                + (halted ? ", halted" : "") + "]";
    }

    /** How many times pacing has slept so far. */
    long pacingWaits() {
        lock.lock();
        try {
            return pacingWaits;
        } finally {
            lock.unlock();
        }
    }

    // ---- helpers -----------------------------------------------------------------------

    private Instant requireStarted() {
        Instant current = now;
        if (current == null) {
            throw new IllegalStateException("the replay clock has not started: call start(instant) first");
        }
        return current;
    }

    private void signalAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static double checkSpeed(double speed) {
        if (Double.isNaN(speed) || speed < 0) {
            throw new IllegalArgumentException("replay speed " + speed + " is not valid: give a positive number "
                    + "(1 = real time) or MAX_SPEED (0 means max too)");
        }
        return speed == 0 ? MAX_SPEED : speed;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * Pacing reference: at wall time {@code wall} (nanoTime) the replay was at {@code virtual};
     * virtual instant {@code v} is due at {@code wall + (v - virtual) / speed}.
     */
    private record Anchor(long wall, Instant virtual, double speed) {

        boolean isMax() {
            return speed == MAX_SPEED;
        }

        long wallFor(Instant v) {
            double virtualNanos = (v.getEpochSecond() - virtual.getEpochSecond()) * 1e9 + (v.getNano() - virtual.getNano());
            double offset = virtualNanos / speed;
            if (offset >= Long.MAX_VALUE / 4.0) {
                return wall + Long.MAX_VALUE / 4; // centuries away: wait "forever", re-checked on every wake
            }
            return wall + (long) offset;
        }

        /** The virtual instant pacing has reached at {@code wallNow}, at least {@code floor}. */
        Instant reached(long wallNow, Instant floor) {
            if (isMax()) {
                return floor;
            }
            double virtualNanos = (wallNow - wall) * speed;
            if (virtualNanos <= 0) {
                return floor.isAfter(virtual) ? floor : virtual;
            }
            Instant v = virtualNanos >= Long.MAX_VALUE / 4.0 ? Instant.MAX : virtual.plusNanos((long) virtualNanos);
            return v.isBefore(floor) ? floor : v;
        }
    }
}
