package dev.loadkit.report.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How reports write numbers and escape text. */
public final class Text {

    private Text() {
    }

    /**
     * A number with at most {@code decimals} decimals and no trailing zeros: {@code 12.5}, {@code 3}.
     *
     * @param value the number
     * @param decimals the most decimals
     * @return the text; empty for NaN
     */
    public static String number(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "";
        }
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /**
     * A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
     *
     * @param field the field
     * @return the escaped field
     */
    public static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /**
     * Text for HTML and XML content and attribute values.
     *
     * @param text the text
     * @return the escaped text
     */
    public static String xml(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                        escaped.append(' ');
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /**
     * Text for a Markdown table cell: pipes and line breaks would end the cell.
     *
     * @param text the text
     * @return the escaped text
     */
    public static String markdownCell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
