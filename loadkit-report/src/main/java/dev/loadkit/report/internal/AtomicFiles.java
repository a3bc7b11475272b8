package dev.loadkit.report.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes report files atomically: a temporary file beside the target, then a rename, so that a reader
 * (or a run interrupted while writing) never sees half a report.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Writes bytes to a file atomically, creating its folder if needed.
     *
     * @param file the target
     * @param content the bytes
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, byte[] content) throws IOException {
        Path temporary = temporaryFor(file);
        try {
            Files.write(temporary, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            moveInto(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * A new temporary file beside a target, for a report written over time and moved into place at the end.
     *
     * @param file the target
     * @return the temporary file's path, not yet created
     * @throws IOException when the folder cannot be created
     */
    public static Path temporaryFor(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // Not Files.createTempFile: its owner-only permissions would stick to the report.
        return target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    }

    /**
     * Moves a finished temporary file onto its target, atomically where the file system can.
     *
     * @param temporary the finished file
     * @param file the target
     * @throws IOException when it cannot be moved
     */
    public static void moveInto(Path temporary, Path file) throws IOException {
        try {
            Files.move(temporary, file.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
