package io.bussdcc.cli;

import java.io.ByteArrayOutputStream;
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

/** Builds plugin jars for tests: compiled with javax.tools against the modules the image was linked from. */
public final class TestPlugins {

    private TestPlugins() {}

    /**
     * Compiles {@code sources} (path → text) with the api jar and {@code modulePath} on the
     * module path, into {@code dir/<name>-classes}; returns that folder.
     */
    public static Path compile(Path dir, String name, Map<String, String> sources, List<Path> modulePath)
            throws IOException {
        Path src = Files.createDirectories(dir.resolve(name + "-src"));
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        List<String> path = new ArrayList<>(List.of(apiJar().toString()));
        modulePath.forEach(p -> path.add(p.toString()));
        List<String> args = new ArrayList<>(List.of("--release", "21", "-d", classes.toString(),
                "--module-path", String.join(java.io.File.pathSeparator, path)));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (javac.run(null, out, out, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("javac " + args + " failed:\n" + out.toString(StandardCharsets.UTF_8));
        }
        return classes;
    }

    /** Writes the files below {@code classes} into {@code jar}; returns the jar. */
    public static Path jar(Path jar, Path classes) throws IOException {
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(os);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(p));
                zip.closeEntry();
            }
        }
        return jar;
    }

    /** The framework-api jar the image was linked from. */
    public static Path apiJar() throws IOException {
        try (Stream<Path> jars = Files.list(Image.MODULES)) {
            return jars.filter(p -> p.getFileName().toString().startsWith("framework-api-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no framework-api jar in " + Image.MODULES));
        }
    }
}
