package io.shoaldb.runtime;

/** The outcome of one asynchronous disk operation, delivered on the node's event loop. */
public sealed interface IoResult<T> {

    /** The operation completed; {@code value} is its result ({@code null} for operations that return none). */
    record Ok<T>(T value) implements IoResult<T> {
    }

    /** The operation failed; {@code message} names the file and the cause for the log. */
    record Failed<T>(IoError error, String message) implements IoResult<T> {
        public Failed {
            if (error == null || message == null) {
                throw new IllegalArgumentException("error and message are required");
            }
        }
    }

    static <T> IoResult<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> IoResult<T> failed(IoError error, String message) {
        return new Failed<>(error, message);
    }
}
