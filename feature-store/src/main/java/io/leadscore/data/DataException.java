package io.leadscore.data;

/**
 * A problem with a user's input (a data file, a rules file, a feature definition) that the user
 * can fix. The message names the file and, where known, the row or line and the column. Commands
 * turn it into exit code 2 and one line on standard error, never a stack trace.
 */
public class DataException extends RuntimeException {

    /**
     * @param file the file the problem is in
     * @param location where in the file, e.g. {@code "row 17"} or {@code "line 4"}; null for the whole file
     * @param column the column or field involved, or null
     * @param reason what is wrong and, where possible, what to do about it
     */
    public DataException(String file, String location, String column, String reason) {
        super(format(file, location, column, reason));
    }

    /** A problem with a whole file. */
    public DataException(String file, String reason) {
        this(file, null, null, reason);
    }

    /** A problem with one data row (1-based, header not counted) and column. */
    public static DataException atRow(String file, long row, String column, String reason) {
        return new DataException(file, "row " + row, column, reason);
    }

    /** A problem at a line of a text file (1-based). */
    public static DataException atLine(String file, long line, String column, String reason) {
        return new DataException(file, "line " + line, column, reason);
    }

    private static String format(String file, String location, String column, String reason) {
        StringBuilder sb = new StringBuilder(file == null ? "input" : file);
        if (location != null) {
            sb.append(", ").append(location);
        }
        if (column != null) {
            sb.append(", column '").append(column).append('\'');
        }
        return sb.append(": ").append(reason).toString();
    }
}
