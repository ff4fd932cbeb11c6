package io.shoaldb.sql.error;

/** The PostgreSQL SQLSTATE codes ShoalDB reports, named as in PostgreSQL's errcodes.txt. */
public final class SqlState {
    private SqlState() {
    }

    public static final String SUCCESSFUL_COMPLETION = "00000";
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    public static final String INVALID_TRANSACTION_STATE = "25000";
    public static final String ACTIVE_SQL_TRANSACTION = "25001";
    public static final String NO_ACTIVE_SQL_TRANSACTION = "25P01";
    public static final String IN_FAILED_SQL_TRANSACTION = "25P02";
    public static final String READ_ONLY_SQL_TRANSACTION = "25006";
    public static final String SAVEPOINT_EXCEPTION = "3B001";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    public static final String QUERY_CANCELED = "57014";
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String SYNTAX_ERROR = "42601";
    public static final String UNDEFINED_TABLE = "42P01";
    public static final String UNDEFINED_COLUMN = "42703";
    public static final String UNDEFINED_FUNCTION = "42883";
    public static final String UNDEFINED_OBJECT = "42704";
    public static final String DUPLICATE_TABLE = "42P07";
    public static final String DUPLICATE_COLUMN = "42701";
    public static final String DUPLICATE_OBJECT = "42710";
    public static final String AMBIGUOUS_COLUMN = "42702";
    public static final String DATATYPE_MISMATCH = "42804";
    public static final String GROUPING_ERROR = "42803";
    public static final String INVALID_TABLE_DEFINITION = "42P16";
    public static final String INVALID_COLUMN_REFERENCE = "42P10";
    public static final String UNDEFINED_PARAMETER = "42P02";
    public static final String CANNOT_COERCE = "42846";
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String NOT_NULL_VIOLATION = "23502";
    public static final String CHECK_VIOLATION = "23514";
    public static final String DIVISION_BY_ZERO = "22012";
    public static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";
    public static final String INVALID_TEXT_REPRESENTATION = "22P02";
    public static final String STRING_DATA_RIGHT_TRUNCATION = "22001";
    public static final String CARDINALITY_VIOLATION = "21000";
    public static final String INVALID_DATETIME_FORMAT = "22007";
    public static final String DATETIME_FIELD_OVERFLOW = "22008";
    public static final String DATA_EXCEPTION = "22000";
    public static final String INVALID_PARAMETER_VALUE = "22023";
    public static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    public static final String OUT_OF_MEMORY = "53200";
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    public static final String RESERVED_NAME = "42939";
    public static final String OBJECT_IN_USE = "55006";
    public static final String DEPENDENT_OBJECTS_STILL_EXIST = "2BP01";
    public static final String INVALID_PASSWORD = "28P01";
    public static final String UNTRANSLATABLE_CHARACTER = "22P05";
    public static final String NULL_VALUE_NOT_ALLOWED = "22004";
    public static final String ARRAY_SUBSCRIPT_ERROR = "2202E";
    public static final String INTERNAL_ERROR = "XX000";
}
