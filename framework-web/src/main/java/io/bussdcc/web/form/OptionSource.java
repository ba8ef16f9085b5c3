package io.bussdcc.web.form;

import io.bussdcc.api.Context;
import io.bussdcc.api.DeviceInfo;
import io.bussdcc.api.ServiceInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the named choice lists of {@link FormField#options()} — the ids of online devices,
 * the names of services, a branch of state — when a form is rendered or submitted.
 */
@FunctionalInterface
public interface OptionSource {

    /**
     * The choices named {@code name} now, or {@code null} if this source does not know the name.
     */
    List<Option> resolve(String name);

    /** This source, then {@code other} for names this one does not know. */
    default OptionSource or(OptionSource other) {
        return name -> {
            List<Option> found = resolve(name);
            return found != null ? found : other.resolve(name);
        };
    }

    /** A source knowing no names. */
    static OptionSource none() {
        return name -> null;
    }

    /**
     * The built-in names, read from the runtime at each call: {@code devices} (every device id),
     * {@code devices.online}, {@code services}, {@code types} (registered message type names),
     * and {@code state:<path>} (the keys of the map at that state path, or the elements of the
     * list there; none when nothing is there).
     */
    static OptionSource standard(Context ctx) {
        return name -> switch (name) {
            case "devices" -> ctx.devices().stream().map(d -> Option.of(d.id())).toList();
            case "devices.online" -> ctx.devices().stream().filter(DeviceInfo::online).map(d -> Option.of(d.id())).toList();
            case "services" -> ctx.services().list().stream().map(ServiceInfo::name).map(Option::of).toList();
            case "types" -> ctx.messageTypes().names().stream().sorted().map(Option::of).toList();
            default -> name.startsWith("state:") ? fromState(ctx, name.substring(6)) : null;
        };
    }

    private static List<Option> fromState(Context ctx, String path) {
        Optional<Object> value;
        try {
            value = ctx.state().get(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("options 'state:" + path + "': " + e.getMessage(), e);
        }
        List<Option> options = new ArrayList<>();
        switch (value.orElse(null)) {
            case null -> { }
            case Map<?, ?> map -> map.keySet().forEach(k -> options.add(Option.of(String.valueOf(k))));
            case Collection<?> list -> list.forEach(v -> options.add(Option.of(String.valueOf(v))));
            default -> throw new IllegalArgumentException("options 'state:" + path + "': the state there is "
                    + value.get().getClass().getSimpleName() + ", not a map or a list");
        }
        return options;
    }
}
