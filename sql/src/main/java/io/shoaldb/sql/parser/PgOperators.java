package io.shoaldb.sql.parser;

import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL operators Calcite lacks, built by the grammar: json/jsonb access ({@code -> ->> #> #>>}),
 * containment ({@code @>}, jsonb or arrays) and key existence ({@code ?}). They bind tighter than
 * comparisons and looser than arithmetic, as PostgreSQL's "any other operator" does; the executor
 * (io.shoaldb.sql.exec.TypeFunctions) evaluates them.
 */
public final class PgOperators {
    private static final int PRECEDENCE = 36;

    /** json -> key|index: json of the left operand's kind (json stays json, jsonb stays jsonb). */
    public static final SqlBinaryOperator JSON_GET = new SqlBinaryOperator("->", SqlKind.OTHER, PRECEDENCE, true,
            ReturnTypes.ARG0_FORCE_NULLABLE, InferTypes.VARCHAR_1024, OperandTypes.ANY_ANY);
    public static final SqlBinaryOperator JSON_GET_TEXT = new SqlBinaryOperator("->>", SqlKind.OTHER, PRECEDENCE, true,
            ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(org.apache.calcite.sql.type.SqlTypeTransforms.FORCE_NULLABLE),
            InferTypes.VARCHAR_1024, OperandTypes.ANY_ANY);
    public static final SqlBinaryOperator JSON_PATH = new SqlBinaryOperator("#>", SqlKind.OTHER, PRECEDENCE, true,
            ReturnTypes.ARG0_FORCE_NULLABLE, InferTypes.FIRST_KNOWN, OperandTypes.ANY_ANY);
    public static final SqlBinaryOperator JSON_PATH_TEXT = new SqlBinaryOperator("#>>", SqlKind.OTHER, PRECEDENCE, true,
            ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(org.apache.calcite.sql.type.SqlTypeTransforms.FORCE_NULLABLE),
            InferTypes.FIRST_KNOWN, OperandTypes.ANY_ANY);
    public static final SqlBinaryOperator CONTAINS = new SqlBinaryOperator("@>", SqlKind.OTHER, PRECEDENCE, true,
            ReturnTypes.BOOLEAN_NULLABLE, InferTypes.FIRST_KNOWN, OperandTypes.ANY_ANY);
    public static final SqlBinaryOperator HAS_KEY = new SqlBinaryOperator("?", SqlKind.OTHER, PRECEDENCE, true,
            ReturnTypes.BOOLEAN_NULLABLE, InferTypes.VARCHAR_1024, OperandTypes.ANY_ANY);

    private PgOperators() {
    }

    /**
     * Calcite's grammar reads {@code d -> 'a' ...} as a lambda {@code d -> ('a' ...)}; PostgreSQL has no
     * lambdas, so this turns it back into {@code (d -> 'a') ...}: the json access takes the body's
     * leftmost operand, descending through operators that bind no tighter than {@code ->}.
     */
    public static org.apache.calcite.sql.SqlNode fromLambda(org.apache.calcite.sql.SqlLambda lambda) {
        if (lambda.getParameters().size() != 1) {
            throw new io.shoaldb.sql.error.SqlException(io.shoaldb.sql.error.SqlState.SYNTAX_ERROR,
                    "syntax error at or near \"->\"");
        }
        return graft(lambda.getParameters().get(0), lambda.getExpression());
    }

    private static org.apache.calcite.sql.SqlNode graft(org.apache.calcite.sql.SqlNode left, org.apache.calcite.sql.SqlNode body) {
        if (body instanceof org.apache.calcite.sql.SqlBasicCall call && call.operandCount() >= 1
                && call.getOperator().getSyntax() != org.apache.calcite.sql.SqlSyntax.FUNCTION
                && call.getOperator().getSyntax() != org.apache.calcite.sql.SqlSyntax.PREFIX
                && call.getOperator().getSyntax() != org.apache.calcite.sql.SqlSyntax.SPECIAL
                && call.getOperator().getLeftPrec() <= PRECEDENCE) {
            call.setOperand(0, graft(left, call.operand(0)));
            return call;
        }
        return JSON_GET.createCall(org.apache.calcite.sql.parser.SqlParserPos.ZERO, left, body);
    }
}
