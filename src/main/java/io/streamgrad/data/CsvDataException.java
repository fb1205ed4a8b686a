package io.streamgrad.data;

/**
 * A CSV file whose content cannot become a {@link Dataset}: a missing column, a value that is not a number, a
 * row with the wrong number of fields, a broken quote. The message names the source, the data row and file
 * line, the column and the offending value, and says what was expected.
 */
public final class CsvDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CsvDataException(String message) {
        super(message);
    }

    CsvDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
