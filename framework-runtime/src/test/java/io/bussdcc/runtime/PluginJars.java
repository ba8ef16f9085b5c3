package io.bussdcc.runtime;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles small plugin jars for composition tests, against the api module this test runs with. */
final class PluginJars {

    private PluginJars() {}

    /** Where a boot-layer module was loaded from (a jar or a classes folder). */
    static Path locationOf(String module) {
        return ModuleLayer.boot().configuration().findModule(module)
                .flatMap(m -> m.reference().location())
                .map(Path::of)
                .orElseThrow(() -> new IllegalStateException(module + " is not in the boot layer"));
    }

    /**
     * Compiles {@code sources} (path inside the jar → Java source) and writes a jar holding the
     * classes and {@code resources} (path → text).
     */
    static Path build(Path dir, String jarName, Map<String, String> sources, Map<String, String> resources,
            List<Path> modulePath) throws IOException {
        Path src = Files.createDirectories(dir.resolve(jarName + "-src"));
        Path classes = Files.createDirectories(dir.resolve(jarName + "-classes"));
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            files.add(file.toString());
        }
        List<String> args = new ArrayList<>(List.of("--release", "21", "-d", classes.toString()));
        if (!modulePath.isEmpty()) {
            args.addAll(List.of("--module-path", String.join(File.pathSeparator,
                    modulePath.stream().map(Path::toString).toList())));
        }
        args.addAll(files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = javac.run(null, out, out, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("compiling " + jarName + " failed:\n" + out);
        }
        Path jar = dir.resolve(jarName + ".jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(os);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                zip.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(p));
                zip.closeEntry();
            }
            for (Map.Entry<String, String> e : resources.entrySet()) {
                zip.putNextEntry(new JarEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }
}
