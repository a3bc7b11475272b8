package dev.loadkit.core.internal.feeder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An RFC 4180 parser: the first record names the columns, quoted fields may hold separators, doubled quotes
 * and line breaks. Lines that are completely empty are skipped, so a trailing newline never becomes a row.
 * A quote inside an unquoted field is kept as a literal character, as in {@code 5'11"}.
 */
public final class CsvParser {

    private static final char QUOTE = '"';

    private final String text;
    private final String fileName;
    private final char separator;
    private int pos;
    private int line = 1;
    private int recordLine;

    private CsvParser(String text, String fileName, char separator) {
        this.text = text;
        this.fileName = fileName;
        this.separator = separator;
    }

    /**
     * Parses {@code text} into rows of String values keyed by the header's column names.
     *
     * @param fileName used in error messages only
     * @throws IllegalArgumentException for malformed CSV, naming the line to fix
     */
    public static List<Map<String, Object>> parse(String text, String fileName, char separator) {
        return new CsvParser(text, fileName, separator).rows();
    }

    private List<Map<String, Object>> rows() {
        List<String> header = nextRecord();
        if (header == null) {
            return List.of();
        }
        checkHeader(header);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<String> fields = nextRecord(); fields != null; fields = nextRecord()) {
            if (fields.size() != header.size()) {
                throw error(recordLine, fields.size() + (fields.size() == 1 ? " field" : " fields")
                        + ", the header has " + header.size());
            }
            Map<String, Object> row = new LinkedHashMap<>(header.size() * 4 / 3 + 1);
            for (int i = 0; i < fields.size(); i++) {
                row.put(header.get(i), fields.get(i));
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        return List.copyOf(rows);
    }

    private void checkHeader(List<String> header) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            if (column.isEmpty()) {
                throw error(recordLine,
                        "column " + (i + 1) + " of the header has no name; name it or remove the extra separator");
            }
            if (!seen.add(column)) {
                throw error(recordLine,
                        "duplicate column \"" + column + "\" in the header; column names must be unique");
            }
        }
    }

    /** Returns the fields of the next non-empty record, or null at the end of the text. */
    private List<String> nextRecord() {
        while (pos < text.length() && isLineBreak(text.charAt(pos))) {
            skipLineBreak();
        }
        if (pos >= text.length()) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        while (true) {
            fields.add(pos < text.length() && text.charAt(pos) == QUOTE ? quotedField() : plainField());
            if (pos >= text.length()) {
                return fields;
            }
            if (text.charAt(pos) != separator) {
                skipLineBreak();
                return fields;
            }
            pos++;
        }
    }

    private String plainField() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != separator && !isLineBreak(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private String quotedField() {
        int startLine = line;
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw error(startLine,
                        "a quoted field is never closed; end it with \" and write quotes inside it as \"\"");
            }
            char c = text.charAt(pos++);
            if (c == QUOTE) {
                if (pos < text.length() && text.charAt(pos) == QUOTE) {
                    value.append(QUOTE);
                    pos++;
                    continue;
                }
                break;
            }
            if (c == '\n' || (c == '\r' && (pos >= text.length() || text.charAt(pos) != '\n'))) {
                line++;
            }
            value.append(c);
        }
        if (pos < text.length() && text.charAt(pos) != separator && !isLineBreak(text.charAt(pos))) {
            throw error(line, "text after the closing quote of a field; write quotes inside a quoted field as \"\"");
        }
        return value.toString();
    }

    private void skipLineBreak() {
        if (text.charAt(pos) == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
            pos++;
        }
        pos++;
        line++;
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }

    private IllegalArgumentException error(int atLine, String problem) {
        return new IllegalArgumentException(fileName + " line " + atLine + ": " + problem);
    }
}
