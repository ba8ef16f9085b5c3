package io.bussdcc.codec;

/**
 * The text {@link Double#toString(double)} gives, without making a {@code String}, for the
 * doubles measurements mostly are: {@code 10^-3 <= |d| < 10^7} with at most eight fraction
 * digits ({@code 12.34}, {@code -0.5}, {@code 1013.25}). Other doubles are left to
 * {@code Double.toString}.
 *
 * <p>Why the text is the same: in that range {@code Double.toString} writes plain notation with
 * the fewest significant digits that still read back as {@code d} (Java 19+), and at most 15
 * significant digits there is only one such decimal. The smallest {@code p} for which
 * {@code m / 10^p == d}, with {@code m} the integer nearest {@code d * 10^p}, gives it: the
 * division of two exactly represented numbers is correctly rounded, so equality means the
 * decimal {@code m * 10^-p} reads back as {@code d}, and no decimal with fewer digits does.
 */
final class DoubleText {

    /** The longest text: {@code -9999999.99999999}. */
    static final int MAX_LENGTH = 17;

    private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};

    private DoubleText() {}

    /**
     * Writes {@code Double.toString(d)} into {@code out} from index 0 and returns its length, or
     * returns -1 when {@code d} is not one this fast path handles.
     */
    static int format(double d, char[] out) {
        double a = Math.abs(d);
        if (!(a >= 1e-3 && a < 1e7)) {
            return -1;
        }
        for (int p = 0; p < POWERS.length; p++) {
            long m = (long) (a * POWERS[p] + 0.5);
            if (m / POWERS[p] == a) {
                return write(d < 0, m, p, out);
            }
        }
        return -1;
    }

    /** {@code m * 10^-p} with at least one digit on each side of the point. */
    private static int write(boolean negative, long m, int p, char[] out) {
        int n = 0;
        if (negative) {
            out[n++] = '-';
        }
        int digits = Math.max(decimalLength(m), p + 1); // leading zeros below 1
        int length = n + digits + 1 + (p == 0 ? 1 : 0);
        int i = length - 1;
        if (p == 0) {
            out[i--] = '0';
            out[i--] = '.';
        }
        for (int k = 0; k < digits; k++) {
            if (k == p && p > 0) {
                out[i--] = '.';
            }
            out[i--] = (char) ('0' + m % 10);
            m /= 10;
        }
        return length;
    }

    private static int decimalLength(long m) {
        int length = 1;
        while (m >= 10) {
            m /= 10;
            length++;
        }
        return length;
    }
}
