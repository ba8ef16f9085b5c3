package io.bussdcc.sql;

import io.bussdcc.api.Config;
import io.bussdcc.api.Context;
import io.bussdcc.api.Process;
import io.bussdcc.api.spi.ProcessProvider;

/**
 * Provides process {@code sql}, which opens the application's {@link Database} at boot — so a
 * failed or out-of-order migration fails the boot — when {@code sql.url} or
 * {@code sql.migrations} is set, or
 * the application ships migrations; otherwise it does nothing (no file is created for an
 * application that uses no database). Switch it off with {@code process.sql.enabled=false}.
 */
public final class DatabaseProcessProvider implements ProcessProvider {

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public Process create(Config config) {
        return new Process() {
            @Override
            public String name() {
                return "sql";
            }

            @Override
            public void start(Context ctx) {
                if (ctx.config().get("sql.url").isPresent() || ctx.config().get("sql.migrations").isPresent()
                        || !Migrations.discover().list().isEmpty()) {
                    Database.of(ctx);
                }
            }
        };
    }
}
