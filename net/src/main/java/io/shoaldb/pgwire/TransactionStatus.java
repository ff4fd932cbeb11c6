package io.shoaldb.pgwire;

/** The transaction state ReadyForQuery reports; drivers decide between BEGIN and ROLLBACK from it. */
public enum TransactionStatus {
    /** Not in a transaction block. */
    IDLE('I'),
    /** In a transaction block. */
    IN_TRANSACTION('T'),
    /** In a failed transaction block: every statement fails with 25P02 until ROLLBACK. */
    FAILED('E');

    private final char indicator;

    TransactionStatus(char indicator) {
        this.indicator = indicator;
    }

    public char indicator() {
        return indicator;
    }
}
