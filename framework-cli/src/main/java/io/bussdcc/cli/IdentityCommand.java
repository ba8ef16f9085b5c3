package io.bussdcc.cli;

import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.identity.SystemIdentity;
import io.bussdcc.identity.SystemIdentityEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code bussdcc identity}: prints this machine's identity as JSON. */
final class IdentityCommand implements Command {

    private static final Option ROOT = Option.value("--root", "DIR",
            "read the /proc, /sys and /etc files below DIR instead of / (a copy of another machine's)");
    private static final Option COMPACT = Option.flag("--compact", "print one line instead of indented JSON");

    @Override
    public String name() {
        return "identity";
    }

    @Override
    public String summary() {
        return "print this machine's identity (hostname, model, serial, OS, CPU, memory) as JSON";
    }

    @Override
    public String usage() {
        return "bussdcc identity [--root DIR] [--compact]";
    }

    @Override
    public String description() {
        return """
                Prints what the identity service would record at start: hostname, hardware model,
                serial number and where it came from, OS, kernel, architecture, CPU, memory, Java
                and framework module versions — the data of a SystemIdentityEvent, as a JSON
                object on stdout. Facts that cannot be found are null.""";
    }

    @Override
    public List<Option> options() {
        return List.of(ROOT, COMPACT);
    }

    @Override
    public int run(Arguments args, Io io) throws Exception {
        args.noPositionals();
        Path root = args.value(ROOT.name()).map(Path::of).orElse(Path.of("/"));
        if (!Files.isDirectory(root)) {
            throw new CliFailure("--root " + root + " is not a folder");
        }
        SystemIdentityEvent identity = SystemIdentity.discover(root);
        EventCodec codec = new EventCodec(MessageTypeRegistry.withBuiltins().register(SystemIdentityEvent.class));
        io.out().println(args.has(COMPACT.name()) ? codec.dataToJson(identity) : codec.dataToPrettyJson(identity));
        return Cli.OK;
    }
}
