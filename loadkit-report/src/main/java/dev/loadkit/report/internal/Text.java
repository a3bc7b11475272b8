package dev.loadkit.report.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

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
     * A threshold's actual value with three significant digits, so that a small failing value never rounds
     * to look like a passing one ({@code rate==0} failing with 0.002 shows 0.002, not 0.00); whole numbers
     * and values of 100 and more without decimals.
     *
     * @param value the value
     * @return the text
     */
    public static String significant(double value) {
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /**
     * Text for a Markdown table cell: pipes and line breaks would end the cell, and markup (a {@code <script>}
     * in a request name from a server) must show as text, not render.
     *
     * @param text the text
     * @return the escaped text
     */
    public static String markdownCell(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
                .replace("\r\n", " ").replace("\r", " ").replace("\n", " ");
    }
}
