package dev.loadkit.core.internal.feeder;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads feeder files, turning I/O failures into messages that tell the user what to fix. */
public final class FeederFiles {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private FeederFiles() {}

    /**
     * Reads the whole file as UTF-8 without its byte order mark, which spreadsheet exports often add and
     * which would otherwise end up in the first column name.
     *
     * @throws IllegalArgumentException if the file cannot be read
     */
    public static String readText(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw unreadable(file, "no such file (looked for " + file.toAbsolutePath() + ")");
        } catch (AccessDeniedException e) {
            throw unreadable(file, "permission denied");
        } catch (MalformedInputException e) {
            throw unreadable(file, "not valid UTF-8; save it with UTF-8 encoding");
        } catch (IOException e) {
            throw unreadable(file, Files.isDirectory(file) ? "it is a directory" : String.valueOf(e.getMessage()));
        }
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    /** The name used in messages: the bare file name, which is what users recognise in their data folder. */
    public static String displayName(Path file) {
        Path fileName = file.getFileName();
        return fileName == null ? file.toString() : fileName.toString();
    }

    private static IllegalArgumentException unreadable(Path file, String reason) {
        return new IllegalArgumentException("cannot read feeder file " + displayName(file) + ": " + reason);
    }
}
