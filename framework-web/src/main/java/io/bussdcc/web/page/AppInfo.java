package io.bussdcc.web.page;

import java.util.Objects;

/**
 * The application named in the layout's footer, beside the framework's and Java's versions.
 *
 * @param name    its name
 * @param version its version, or {@code null}
 */
public record AppInfo(String name, String version) {

    /** Checks the name. */
    public AppInfo {
        Objects.requireNonNull(name, "name");
    }

    /** The application of the module holding {@code type}: its module name and version (or its jar's Implementation-Version). */
    public static AppInfo ofModule(Class<?> type) {
        Module m = type.getModule();
        String version = m.getDescriptor() != null ? m.getDescriptor().rawVersion().orElse(null) : null;
        if (version == null && type.getPackage() != null) {
            version = type.getPackage().getImplementationVersion();
        }
        return new AppInfo(m.isNamed() ? m.getName() : type.getPackageName(), version);
    }
}
