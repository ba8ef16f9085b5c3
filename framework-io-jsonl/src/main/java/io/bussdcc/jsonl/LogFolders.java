package io.bussdcc.jsonl;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a log folder may hold: the sink never writes through a symbolic link below the root
 * (a link there was put by someone else, and would send events or the lock over another file),
 * and never into a non-regular file.
 */
final class LogFolders {

    private LogFolders() {}

    /** Fails, naming it and its target, if {@code path} is a symbolic link. */
    static void refuseLink(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            String target;
            try {
                target = " to " + Files.readSymbolicLink(path);
            } catch (IOException e) {
                target = "";
            }
            throw new FileSystemException(path.toString(), null, "refusing to write through a symbolic link (" + path
                    + target + "): a log folder holds no links; remove it, or name the real folder as the root");
        }
    }

    /** Fails if {@code path}, not followed if a link, is not a regular file. */
    static void requireRegularFile(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            refuseLink(path);
            throw new FileSystemException(path.toString(), null, "refusing to write into " + path
                    + ": it is not a regular file");
        }
    }

    /** Creates the folder {@code dir} (its parent exists) unless it is there; refuses a link or a non-folder. */
    static void createFolder(Path dir) throws IOException {
        refuseLink(dir);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // there already: a restart, or an earlier segment of the day
        }
        BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory()) {
            refuseLink(dir);
            throw new FileSystemException(dir.toString(), null, "refusing to write into " + dir + ": it is not a folder");
        }
    }
}
