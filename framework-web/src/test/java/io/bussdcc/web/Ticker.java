package io.bussdcc.web;

import io.bussdcc.api.Context;
import io.bussdcc.api.Service;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A service that counts its ticks. */
final class Ticker implements Service {

    private final String name;
    final AtomicLong ticks = new AtomicLong();

    Ticker(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Duration interval() {
        return Duration.ofMillis(100);
    }

    @Override
    public void tick(Context ctx) {
        ticks.incrementAndGet();
    }
}
