package io.bussdcc.identity.internal;

import io.bussdcc.api.Config;
import io.bussdcc.api.Service;
import io.bussdcc.api.spi.ServiceProvider;
import io.bussdcc.identity.SystemIdentityService;
import java.nio.file.Path;

/**
 * Contributes {@link SystemIdentityService} to runtimes composed from the module path, as the
 * service provider {@code identity}. Configuration: {@code root}, the filesystem root to read
 * (default {@code /}).
 */
public final class IdentityServiceProvider implements ServiceProvider {

    /** For {@link java.util.ServiceLoader}. */
    public IdentityServiceProvider() {}

    @Override
    public String name() {
        return SystemIdentityService.NAME;
    }

    @Override
    public Service create(Config config) {
        return new SystemIdentityService(config.getPath("root").orElse(Path.of("/")));
    }
}
