package io.bussdcc.runtime;

/**
 * One provider found during composition.
 *
 * @param kind          {@code sink}, {@code process}, {@code interface}, {@code service},
 *                      {@code device}, {@code source} or {@code types}
 * @param name          the provider's name (its class name for message-type providers)
 * @param providerClass the provider's class
 * @param module        the module it is in, or {@code class path}
 * @param location      the jar or folder it was loaded from
 * @param enabled       whether its component was created and added
 * @param detail        why it is enabled or not
 */
public record ProviderReport(String kind, String name, String providerClass, String module, String location,
        boolean enabled, String detail) {

    /** {@code module M, LOCATION}, for messages. */
    public String origin() {
        return ("class path".equals(module) ? "class path" : "module " + module) + ", " + location;
    }

    /** One line: {@code enabled  sink jsonl  (module io.bussdcc.jsonl, file:/...)  enabled by default}. */
    @Override
    public String toString() {
        return String.format("%-8s %-9s %-12s (%s) %s", enabled ? "enabled" : "disabled", kind, name, origin(), detail);
    }
}
