package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * to_char(number, format) with PostgreSQL's numeric template patterns in the C locale: 9 and 0 (digits,
 * 0 pads with zeros from its position), . and D (decimal point), , and G (group separator, a space before
 * the first digit), S (sign anchored to the number), MI, PL, SG, PR, L (currency symbol: a space in the C
 * locale), FM (no padding, no trailing zeros from 9s), quoted text and other characters as they are.
 * Values that do not fit the digits print as '#'. EEEE (scientific), V (shift by 10^n), RN (Roman
 * numerals) and TH (ordinal suffix) as PostgreSQL prints them.
 */
public final class NumberFormat {
    private NumberFormat() {
    }

    private enum Kind { NINE, ZERO, POINT, GROUP, S, MI, PL, SG, PR, L, TH, V, EEEE, RN, TEXT }

    private record Token(Kind kind, String text) {
    }

    public static String format(Number value, String fmt) {
        boolean fillMode = false;
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < fmt.length()) {
            String rest = fmt.substring(i).toUpperCase(Locale.ROOT);
            char c = fmt.charAt(i);
            if (rest.startsWith("FM")) {
                fillMode = true;
                i += 2;
            } else if (rest.startsWith("EEEE")) {
                tokens.add(new Token(Kind.EEEE, ""));
                i += 4;
            } else if (rest.startsWith("RN") || rest.startsWith("TH")) {
                // the case of the pattern is the case of the output (rn: xii, th: 12th)
                tokens.add(new Token(Kind.valueOf(rest.substring(0, 2)), Character.isLowerCase(c) ? "lower" : "upper"));
                i += 2;
            } else if (c == 'V' || c == 'v') {
                tokens.add(new Token(Kind.V, ""));
                i++;
            } else if (rest.startsWith("MI") || rest.startsWith("PL") || rest.startsWith("SG") || rest.startsWith("PR")) {
                tokens.add(new Token(Kind.valueOf(rest.substring(0, 2)), ""));
                i += 2;
            } else if (c == '"') {
                int end = fmt.indexOf('"', i + 1);
                end = end < 0 ? fmt.length() : end;
                tokens.add(new Token(Kind.TEXT, fmt.substring(i + 1, end)));
                i = end + 1;
            } else {
                tokens.add(switch (Character.toUpperCase(c)) {
                    case '9' -> new Token(Kind.NINE, "");
                    case '0' -> new Token(Kind.ZERO, "");
                    case '.', 'D' -> new Token(Kind.POINT, "");
                    case ',', 'G' -> new Token(Kind.GROUP, "");
                    case 'S' -> new Token(Kind.S, "");
                    case 'L' -> new Token(Kind.L, "");
                    default -> new Token(Kind.TEXT, String.valueOf(c));
                });
                i++;
            }
        }
        if (tokens.stream().anyMatch(t -> t.kind == Kind.RN)) {
            return roman(value, tokens, fillMode);
        }
        if (tokens.stream().anyMatch(t -> t.kind == Kind.EEEE)) {
            return scientific(value, tokens, fillMode);
        }
        int v = -1;
        for (int k = 0; k < tokens.size(); k++) {
            if (tokens.get(k).kind == Kind.V) {
                v = k;
            }
        }
        if (v >= 0) {
            // 99V9: the value times 10^(digits after V), printed as an integer
            int shift = (int) tokens.subList(v, tokens.size()).stream()
                    .filter(t -> t.kind == Kind.NINE || t.kind == Kind.ZERO).count();
            List<Token> rest = new ArrayList<>(tokens);
            rest.remove(v);
            rest.removeIf(t -> t.kind == Kind.POINT);
            return render(decimal(value).movePointRight(shift), rest, fillMode);
        }
        return render(value, tokens, fillMode);
    }

    private static BigDecimal decimal(Number value) {
        return switch (value) {
            case BigDecimal d -> d;
            case Double d -> new BigDecimal(d);
            case Float f -> new BigDecimal(f.doubleValue());
            default -> BigDecimal.valueOf(value.longValue());
        };
    }

    /** RN: the value rounded to an integer in Roman numerals (1..3999), right-aligned in 15 unless FM. */
    private static String roman(Number value, List<Token> tokens, boolean fillMode) {
        long n = decimal(value).setScale(0, RoundingMode.HALF_UP).longValue();
        String r;
        if (n < 1 || n > 3999) {
            r = "#".repeat(15);
        } else {
            StringBuilder b = new StringBuilder();
            int[] values = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
            String[] digits = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
            for (int k = 0; k < values.length; k++) {
                for (; n >= values[k]; n -= values[k]) {
                    b.append(digits[k]);
                }
            }
            r = fillMode ? b.toString() : " ".repeat(15 - b.length()) + b;
        }
        StringBuilder out = new StringBuilder();
        for (Token t : tokens) {
            if (t.kind == Kind.RN) {
                out.append(t.text.equals("lower") ? r.toLowerCase(Locale.ROOT) : r);
            } else if (t.kind == Kind.TEXT) {
                out.append(t.text);
            }
        }
        return out.toString();
    }

    /** 9.99EEEE: a sign slot, the mantissa with as many decimals as the 9s after the point, e, the exponent. */
    private static String scientific(Number value, List<Token> tokens, boolean fillMode) {
        if (fillMode || tokens.stream().anyMatch(t -> t.kind != Kind.NINE && t.kind != Kind.ZERO && t.kind != Kind.POINT
                && t.kind != Kind.EEEE)) {
            throw new SqlException(SqlState.SYNTAX_ERROR, "\"EEEE\" is incompatible with other formats",
                    "\"EEEE\" may only be used together with digit and decimal point patterns.");
        }
        int post = 0;
        boolean point = false;
        for (Token t : tokens) {
            if (t.kind == Kind.POINT) {
                point = true;
            } else if (point && (t.kind == Kind.NINE || t.kind == Kind.ZERO)) {
                post++;
            }
        }
        BigDecimal d = decimal(value);
        int exponent = d.signum() == 0 ? 0 : d.precision() - d.scale() - 1;
        BigDecimal mantissa = d.movePointLeft(exponent).setScale(post, value instanceof BigDecimal ? RoundingMode.HALF_UP
                : RoundingMode.HALF_EVEN);
        if (!(value instanceof BigDecimal) && mantissa.abs().compareTo(BigDecimal.TEN) >= 0) {
            // C's printf renormalises a mantissa that rounded up to 10; PostgreSQL's numeric code does not
            exponent++;
            mantissa = d.movePointLeft(exponent).setScale(post, RoundingMode.HALF_EVEN);
        }
        String e = Integer.toString(Math.abs(exponent));
        return (mantissa.signum() < 0 ? "-" : " ") + mantissa.abs().toPlainString() + "e" + (exponent < 0 ? "-" : "+")
                + (e.length() < 2 ? "0" + e : e);
    }

    private static String render(Number value, List<Token> tokens, boolean fillMode) {
        int pre = 0;
        int post = 0;
        int zeroStart = Integer.MAX_VALUE;
        boolean point = false;
        boolean explicitSign = false;
        for (Token t : tokens) {
            switch (t.kind) {
                case NINE, ZERO -> {
                    if (point) {
                        post++;
                    } else {
                        if (t.kind == Kind.ZERO && zeroStart == Integer.MAX_VALUE) {
                            zeroStart = pre;
                        }
                        pre++;
                    }
                }
                case POINT -> point = true;
                case S, MI, SG, PR -> explicitSign = true;
                default -> {
                }
            }
        }
        boolean anyZero = zeroStart != Integer.MAX_VALUE
                || tokens.stream().anyMatch(t -> t.kind == Kind.ZERO);
        BigDecimal v = switch (value) {
            case BigDecimal d -> d.setScale(post, RoundingMode.HALF_UP);
            // floats round as C's printf does: the exact binary value, ties to even
            case Double d -> new BigDecimal(d).setScale(post, RoundingMode.HALF_EVEN);
            case Float f -> new BigDecimal(f.doubleValue()).setScale(post, RoundingMode.HALF_EVEN);
            default -> BigDecimal.valueOf(value.longValue()).setScale(post, RoundingMode.HALF_UP);
        };
        boolean negative = v.signum() < 0;
        String digits = v.abs().toPlainString();
        String intPart = point || post > 0 ? digits.substring(0, digits.length() - post - (post > 0 ? 1 : 0)) : digits;
        String frac = post > 0 ? digits.substring(digits.length() - post) : "";
        boolean overflow = intPart.length() > pre && !(intPart.equals("0") && pre == 0);
        if (pre == 0) {
            intPart = "";
        }
        // FM drops trailing fraction zeros that 9s hold (not those 0s hold)
        int lastFracKept = post;
        if (fillMode) {
            int k = 0;
            int last9 = -1;
            int idx = 0;
            for (Token t : tokens) {
                if ((t.kind == Kind.NINE || t.kind == Kind.ZERO) && idx++ >= pre) {
                    if (t.kind == Kind.ZERO) {
                        last9 = k;
                    }
                    k++;
                }
            }
            lastFracKept = post;
            while (lastFracKept > 0 && lastFracKept - 1 > last9 && frac.charAt(lastFracKept - 1) == '0') {
                lastFracKept--;
            }
        }
        boolean intIsZero = intPart.equals("0");
        int pad = pre - intPart.length();
        // what stands right before the number: PR's '<', a leading S, or the default sign slot
        boolean leadingS = false;
        for (Token t : tokens) {
            if (t.kind == Kind.NINE || t.kind == Kind.ZERO || t.kind == Kind.POINT) {
                break;
            }
            leadingS |= t.kind == Kind.S;
        }
        boolean pr = tokens.stream().anyMatch(t -> t.kind == Kind.PR);
        String anchor = pr ? (negative ? "<" : fillMode ? "" : " ") : leadingS ? (negative ? "-" : "+")
                : explicitSign ? "" : negative ? "-" : fillMode ? "" : " ";
        StringBuilder out = new StringBuilder();
        boolean started = false; // a digit (or the point) has been written, and the anchored sign with it
        int intPos = 0;
        int fracPos = 0;
        boolean afterPoint = false;
        for (Token t : tokens) {
            switch (t.kind) {
                case NINE, ZERO -> {
                    if (afterPoint) {
                        if (fracPos < lastFracKept) {
                            out.append(overflow ? '#' : frac.charAt(fracPos));
                        }
                        fracPos++;
                        break;
                    }
                    int p = intPos++;
                    boolean padding = !overflow && p < pad;
                    boolean predecSpace = !overflow && !padding && intIsZero && post > 0 && !anyZero;
                    if (padding && p < zeroStart) {
                        if (!fillMode) {
                            out.append(' ');
                        }
                    } else if (predecSpace) {
                        if (!fillMode) {
                            out.append(' ');
                        } else if (lastFracKept == 0) {
                            started = start(out, started, anchor);
                            out.append('0');
                        }
                    } else {
                        started = start(out, started, anchor);
                        out.append(overflow ? '#' : padding ? '0' : intPart.charAt(p - pad));
                    }
                }
                case POINT -> {
                    afterPoint = true;
                    if (post > 0) { // '9.' prints no point: nothing follows it
                        started = start(out, started, anchor);
                        out.append('.');
                    }
                }
                case GROUP -> out.append(started ? "," : fillMode ? "" : " ");
                case S -> {
                    if (!leadingS) {
                        out.append(negative ? '-' : '+');
                    }
                }
                case MI -> out.append(negative ? "-" : fillMode ? "" : " ");
                case PL -> out.append(negative ? "" : "+");
                case SG -> out.append(negative ? '-' : '+');
                case PR -> out.append(negative ? ">" : fillMode ? "" : " ");
                case L -> out.append(' ');
                case TH -> {
                    // an ordinal suffix for a non-negative whole number
                    if (!negative && post == 0 && !overflow) {
                        String suffix = ordinal(new java.math.BigInteger(intPart.isEmpty() ? "0" : intPart));
                        out.append(t.text.equals("lower") ? suffix : suffix.toUpperCase(Locale.ROOT));
                    }
                }
                case V, EEEE, RN -> throw new IllegalStateException("handled before rendering: " + t.kind);
                case TEXT -> out.append(t.text);
            }
        }
        if (!started) {
            out.insert(0, anchor);
        }
        return out.toString();
    }

    private static String ordinal(java.math.BigInteger n) {
        int lastTwo = n.mod(java.math.BigInteger.valueOf(100)).intValue();
        if (lastTwo >= 11 && lastTwo <= 13) {
            return "th";
        }
        return switch (lastTwo % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    private static boolean start(StringBuilder out, boolean started, String anchor) {
        if (!started) {
            out.append(anchor);
        }
        return true;
    }
}
