<#--
  ShoalDB's PostgreSQL productions, included into Calcite's Parser.jj by FMPP.
  They build the AST classes of io.shoaldb.sql.parser.
-->

/** PostgreSQL cast: expr::type. */
void PgInfixCast(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlDataTypeSpec type;
}
{
    <INFIX_CAST> {
        checkNonQueryExpression(exprContext);
    }
    type = PgDataType() {
        list.add(new SqlParserUtil.ToTreeListItem(SqlLibraryOperators.INFIX_CAST, getPos()));
        list.add(type);
    }
}

/** PostgreSQL's bitwise AND, {@code a & b} (pgjdbc's getIndexInfo uses it on pg_index.indoption). */
void PgBitAnd(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlNode e;
}
{
    <AMPERSAND> {
        checkNonQueryExpression(exprContext);
    }
    e = Expression3(ExprContext.ACCEPT_SUB_QUERY) {
        list.add(new SqlParserUtil.ToTreeListItem(io.shoaldb.sql.pgcatalog.CatalogSyntax.BIT_AND, getPos()));
        list.add(e);
    }
}

boolean PgIfNotExists() :
{
}
{
    LOOKAHEAD(3) <IF> <NOT> <EXISTS> { return true; }
|   { return false; }
}

boolean PgIfExists() :
{
}
{
    LOOKAHEAD(2) <IF> <EXISTS> { return true; }
|   { return false; }
}

/** Column definition with PostgreSQL column constraints. */
PgColumnDef PgColumn() :
{
    final SqlIdentifier name;
    final SqlDataTypeSpec type;
    final PgColumnDef.Builder b;
    SqlNode e;
    SqlIdentifier cname;
    PgReference ref;
}
{
    name = SimpleIdentifier() type = PgDataType() { b = new PgColumnDef.Builder(name, type); }
    (
        { cname = null; }
        [ <CONSTRAINT> cname = SimpleIdentifier() ]
        (
            <PRIMARY> <KEY> { b.primaryKey = true; }
        |   <NOT> <NULL> { b.notNull = true; }
        |   <NULL> { b.explicitNull = true; }
        |   <DEFAULT_> e = Expression(ExprContext.ACCEPT_NON_QUERY) { b.defaultExpr = e; }
        |   <UNIQUE> { b.unique = true; }
        |   <CHECK> <LPAREN> e = Expression(ExprContext.ACCEPT_NON_QUERY) <RPAREN> { b.checks.add(e); }
        |   ref = PgReferences(cname) { b.references = ref; }
        |   <GENERATED> ( <ALWAYS> | <BY> <DEFAULT_> ) <AS> <IDENTITY> { b.identity = true; }
        )
    )*
    { return b.build(getPos()); }
}

/** CREATE TABLE with distribution clauses. */
SqlCreate PgCreateTable(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final List<PgColumnDef> columns = new ArrayList<PgColumnDef>();
    final List<PgTableConstraint> constraints = new ArrayList<PgTableConstraint>();
    PgColumnDef col;
    SqlNodeList cols;
    SqlNode e;
    String engine = null;
    PgDistribution dist = PgDistribution.unspecified();
    final List<String> params = new ArrayList<String>();
}
{
    <TABLE> ifNotExists = PgIfNotExists() id = CompoundIdentifier()
    <LPAREN>
    [
        PgTableElement(columns, constraints)
        ( <COMMA> PgTableElement(columns, constraints) )*
    ]
    <RPAREN>
    [ <USING> <MEMTX> { engine = "memtx"; } ]
    [ <WITH> <LPAREN> PgStorageParameter(params) ( <COMMA> PgStorageParameter(params) )* <RPAREN> ]
    [
        <DISTRIBUTED>
        (
            <BY> cols = ParenthesizedSimpleIdentifierList() { dist = PgDistribution.by(cols); }
        |   <GLOBALLY> { dist = PgDistribution.global(); }
        )
    ]
    {
        return new PgCreateTable(s.end(this), replace, ifNotExists, id, columns, constraints, engine, dist, params);
    }
}

/** One storage parameter of CREATE TABLE ... WITH (name = value): collected as "name=value" text. */
void PgStorageParameter(List<String> params) :
{
    final SqlIdentifier name;
    SqlNode value = null;
}
{
    name = SimpleIdentifier() [ <EQ> ( value = Literal() | value = SimpleIdentifier() ) ]
    {
        params.add(name.getSimple() + "=" + (value == null ? "" : value instanceof SqlLiteral
            ? ((SqlLiteral) value).toValue() : ((SqlIdentifier) value).getSimple()));
    }
}

/** REFERENCES table [(columns)] [ON DELETE action] [ON UPDATE action], in either order. */
PgReference PgReferences(SqlIdentifier name) :
{
    final SqlIdentifier table;
    SqlNodeList cols = null;
    char onDelete = 'a';
    char onUpdate = 'a';
    char action;
}
{
    <REFERENCES> table = CompoundIdentifier() [ cols = ParenthesizedSimpleIdentifierList() ]
    (
        LOOKAHEAD(2) <ON> <DELETE> action = PgReferentialAction() { onDelete = action; }
    |   LOOKAHEAD(2) <ON> <UPDATE> action = PgReferentialAction() { onUpdate = action; }
    )*
    { return new PgReference(name, table, cols, onDelete, onUpdate); }
}

char PgReferentialAction() :
{
}
{
    <NO> <ACTION> { return 'a'; }
|   <RESTRICT> { return 'r'; }
|   <CASCADE> { return 'c'; }
|   LOOKAHEAD(2) <SET> <NULL> { return 'n'; }
|   <SET> <DEFAULT_> { return 'd'; }
}

void PgTableElement(List<PgColumnDef> columns, List<PgTableConstraint> constraints) :
{
    PgColumnDef col;
    SqlNodeList cols;
    SqlNode e;
    SqlIdentifier name = null;
    PgReference ref;
}
{
    [ <CONSTRAINT> name = SimpleIdentifier() ]
    (
        <PRIMARY> <KEY> cols = ParenthesizedSimpleIdentifierList() {
            constraints.add(new PgTableConstraint(PgTableConstraint.Kind.PRIMARY_KEY, name, cols, null));
        }
    |   <UNIQUE> cols = ParenthesizedSimpleIdentifierList() {
            constraints.add(new PgTableConstraint(PgTableConstraint.Kind.UNIQUE, name, cols, null));
        }
    |   <CHECK> <LPAREN> e = Expression(ExprContext.ACCEPT_NON_QUERY) <RPAREN> {
            constraints.add(new PgTableConstraint(PgTableConstraint.Kind.CHECK, name, null, e));
        }
    |   <FOREIGN> <KEY> cols = ParenthesizedSimpleIdentifierList() ref = PgReferences(name) {
            constraints.add(new PgTableConstraint(PgTableConstraint.Kind.FOREIGN_KEY, name, cols, null, ref));
        }
    |   col = PgColumn() { columns.add(col); }
    )
}

SqlCreate PgCreateIndex(Span s, boolean replace) :
{
    boolean unique = false;
    final boolean ifNotExists;
    SqlIdentifier name = null;
    final SqlIdentifier table;
    final SqlNodeList cols;
}
{
    [ <UNIQUE> { unique = true; } ]
    <INDEX> ifNotExists = PgIfNotExists()
    [ name = SimpleIdentifier() ]
    <ON> table = CompoundIdentifier()
    cols = ParenthesizedSimpleIdentifierList()
    {
        return new PgCreateIndex(s.end(this), unique, ifNotExists, name, table, cols);
    }
}

SqlDrop PgDropTable(Span s, boolean replace) :
{
    final boolean ifExists;
    final List<SqlIdentifier> ids = new ArrayList<SqlIdentifier>();
    SqlIdentifier id;
    boolean cascade = false;
}
{
    <TABLE> ifExists = PgIfExists() id = CompoundIdentifier() { ids.add(id); }
    ( <COMMA> id = CompoundIdentifier() { ids.add(id); } )*
    [ <CASCADE> { cascade = true; } | <RESTRICT> ]
    { return new PgDropObject(s.end(this), PgDropObject.Kind.TABLE, ifExists, ids, cascade); }
}

SqlDrop PgDropIndex(Span s, boolean replace) :
{
    final boolean ifExists;
    final List<SqlIdentifier> ids = new ArrayList<SqlIdentifier>();
    SqlIdentifier id;
    boolean cascade = false;
}
{
    <INDEX> ifExists = PgIfExists() id = CompoundIdentifier() { ids.add(id); }
    ( <COMMA> id = CompoundIdentifier() { ids.add(id); } )*
    [ <CASCADE> { cascade = true; } | <RESTRICT> ]
    { return new PgDropObject(s.end(this), PgDropObject.Kind.INDEX, ifExists, ids, cascade); }
}

SqlTruncate PgTruncateTable(Span s) :
{
    final List<SqlIdentifier> ids = new ArrayList<SqlIdentifier>();
    SqlIdentifier id;
}
{
    [ <TABLE> ] [ <ONLY> ] id = CompoundIdentifier() { ids.add(id); }
    ( <COMMA> [ <ONLY> ] id = CompoundIdentifier() { ids.add(id); } )*
    [ <CONTINUE> <IDENTITY> ]
    [ <RESTRICT> ]
    { return new PgTruncateTable(s.end(this), ids); }
}

SqlNodeList PgReturning() :
{
    final List<SqlNode> list = new ArrayList<SqlNode>();
    final Span s;
}
{
    <RETURNING> { s = span(); }
    AddSelectItem(list) ( <COMMA> AddSelectItem(list) )*
    { return new SqlNodeList(list, s.end(this)); }
}

void PgAssignment(SqlNodeList targets, SqlNodeList values) :
{
    SqlIdentifier id;
}
{
    id = SimpleIdentifier() { targets.add(id); }
    <EQ> AddExpression(values, ExprContext.ACCEPT_SUB_QUERY)
}

/** INSERT ... [ON CONFLICT ...] [RETURNING ...]. */
SqlNode PgInsert() :
{
    final SqlNode insert;
    SqlNodeList conflictCols = null;
    PgInsert.ConflictAction action = PgInsert.ConflictAction.NONE;
    final SqlNodeList targets = new SqlNodeList(SqlParserPos.ZERO);
    final SqlNodeList values = new SqlNodeList(SqlParserPos.ZERO);
    SqlNode where = null;
    SqlNodeList returning = null;
}
{
    insert = SqlInsert()
    [
        <ON> <CONFLICT> [ conflictCols = ParenthesizedSimpleIdentifierList() ]
        <DO>
        (
            <NOTHING> { action = PgInsert.ConflictAction.NOTHING; }
        |   <UPDATE> <SET> PgAssignment(targets, values) ( <COMMA> PgAssignment(targets, values) )*
            [ where = Where() ]
            { action = PgInsert.ConflictAction.UPDATE; }
        )
    ]
    [ returning = PgReturning() ]
    {
        return new PgInsert(insert.getParserPosition(), (SqlInsert) insert, conflictCols, action,
            targets, values, where, returning);
    }
}

/** UPDATE t [AS a] SET ... [FROM ...] [WHERE ...] [RETURNING ...]. */
SqlNode PgUpdate() :
{
    final Span s;
    final SqlIdentifier table;
    SqlIdentifier alias = null;
    final SqlNodeList targets = new SqlNodeList(SqlParserPos.ZERO);
    final SqlNodeList values = new SqlNodeList(SqlParserPos.ZERO);
    SqlNode from = null;
    SqlNode where = null;
    SqlNodeList returning = null;
}
{
    <UPDATE> { s = span(); } table = CompoundIdentifier()
    [ [ <AS> ] alias = SimpleIdentifier() ]
    <SET> PgAssignment(targets, values) ( <COMMA> PgAssignment(targets, values) )*
    [ <FROM> from = FromClause() ]
    [ where = Where() ]
    [ returning = PgReturning() ]
    {
        return new PgUpdate(s.end(this), table, alias, targets, values, from, where, returning);
    }
}

/** DELETE FROM t [AS a] [WHERE ...] [RETURNING ...]. */
SqlNode PgDelete() :
{
    final Span s;
    final SqlIdentifier table;
    SqlIdentifier alias = null;
    SqlNode where = null;
    SqlNodeList returning = null;
}
{
    <DELETE> { s = span(); } <FROM> table = CompoundIdentifier()
    [ LOOKAHEAD(1, { getToken(1).kind != RETURNING }) [ <AS> ] alias = SimpleIdentifier() ]
    [ where = Where() ]
    [ returning = PgReturning() ]
    {
        return new PgDelete(s.end(this), table, alias, where, returning);
    }
}

void PgTransactionMode(PgTransaction.Builder b) :
{
}
{
    <ISOLATION> <LEVEL>
    (
        <SERIALIZABLE> { b.isolation = "serializable"; }
    |   <REPEATABLE> <READ> { b.isolation = "repeatable read"; }
    |   <READ> ( <COMMITTED> { b.isolation = "read committed"; } | <UNCOMMITTED> { b.isolation = "read uncommitted"; } )
    )
|   <READ> ( <ONLY> { b.readOnly = true; } | <WRITE> { b.readOnly = false; b.readWrite = true; } )
|   [ <NOT> ] <DEFERRABLE>
}

SqlNode PgBegin() :
{
    final Span s;
    final PgTransaction.Builder b = new PgTransaction.Builder(PgTransaction.Kind.BEGIN);
}
{
    ( <BEGIN> [ <WORK> | <TRANSACTION> ] | <START> <TRANSACTION> ) { s = span(); }
    [ PgTransactionMode(b) ( [ <COMMA> ] PgTransactionMode(b) )* ]
    { return b.build(s.end(this)); }
}

SqlNode PgCommit() :
{
    final Span s;
}
{
    // END is PostgreSQL's other spelling of COMMIT (pgbench's built-in scripts end with it).
    ( <COMMIT> | <END> ) { s = span(); } [ <WORK> | <TRANSACTION> ]
    { return new PgTransaction.Builder(PgTransaction.Kind.COMMIT).build(s.end(this)); }
}

SqlNode PgRollback() :
{
    final Span s;
    SqlIdentifier name = null;
}
{
    <ROLLBACK> { s = span(); } [ <WORK> | <TRANSACTION> ]
    [ <TO> [ <SAVEPOINT> ] name = SimpleIdentifier() ]
    {
        final PgTransaction.Builder b = new PgTransaction.Builder(
            name == null ? PgTransaction.Kind.ROLLBACK : PgTransaction.Kind.ROLLBACK_TO);
        b.savepoint = name;
        return b.build(s.end(this));
    }
}

SqlNode PgSavepoint() :
{
    final Span s;
    final SqlIdentifier name;
}
{
    <SAVEPOINT> { s = span(); } name = SimpleIdentifier()
    {
        final PgTransaction.Builder b = new PgTransaction.Builder(PgTransaction.Kind.SAVEPOINT);
        b.savepoint = name;
        return b.build(s.end(this));
    }
}

SqlNode PgRelease() :
{
    final Span s;
    final SqlIdentifier name;
}
{
    <RELEASE> { s = span(); } [ <SAVEPOINT> ] name = SimpleIdentifier()
    {
        final PgTransaction.Builder b = new PgTransaction.Builder(PgTransaction.Kind.RELEASE);
        b.savepoint = name;
        return b.build(s.end(this));
    }
}

/** EXPLAIN stmt (PostgreSQL form, without Calcite's PLAN FOR). */
SqlNode PgExplain() :
{
    final Span s;
    final SqlNode stmt;
}
{
    <EXPLAIN> { s = span(); }
    (
        stmt = PgInsert()
    |   stmt = PgUpdate()
    |   stmt = PgDelete()
    |   stmt = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    )
    { return new PgExplain(s.end(this), stmt); }
}

/** PostgreSQL spells the CURRENT_SCHEMA and CURRENT_CATALOG context variables also as niladic calls. */
SqlNode PgNiladicContextCall() :
{
    final Span s;
}
{
    <CURRENT_SCHEMA> { s = span(); } <LPAREN> <RPAREN> {
        return SqlStdOperatorTable.CURRENT_SCHEMA.createCall(s.end(this));
    }
|
    <CURRENT_CATALOG> { s = span(); } <LPAREN> <RPAREN> {
        return SqlStdOperatorTable.CURRENT_CATALOG.createCall(s.end(this));
    }
}

/** CREATE [OR REPLACE] VIEW name [(columns)] AS query. */
SqlCreate PgCreateView(Span s, boolean replace) :
{
    final SqlIdentifier id;
    SqlNodeList cols = null;
    final SqlNode query;
}
{
    <VIEW> id = CompoundIdentifier()
    [ cols = ParenthesizedSimpleIdentifierList() ]
    <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    { return new PgCreateView(s.end(this), replace, id, cols, query); }
}

SqlDrop PgDropView(Span s, boolean replace) :
{
    final boolean ifExists;
    final List<SqlIdentifier> ids = new ArrayList<SqlIdentifier>();
    SqlIdentifier id;
    boolean cascade = false;
}
{
    <VIEW> ifExists = PgIfExists() id = CompoundIdentifier() { ids.add(id); }
    ( <COMMA> id = CompoundIdentifier() { ids.add(id); } )*
    [ <CASCADE> { cascade = true; } | <RESTRICT> ]
    { return new PgDropObject(s.end(this), PgDropObject.Kind.VIEW, ifExists, ids, cascade); }
}

/** ALTER TABLE [IF EXISTS] [ONLY] t action [, ...] | RENAME [COLUMN] a TO b | RENAME TO n. */
SqlNode PgAlterTable() :
{
    final Span s;
    final boolean ifExists;
    final SqlIdentifier id;
    final List<PgAlterTable.Action> actions = new ArrayList<PgAlterTable.Action>();
    SqlIdentifier from;
    SqlIdentifier to;
}
{
    <ALTER> { s = span(); } <TABLE> ifExists = PgIfExists() [ <ONLY> ] id = CompoundIdentifier()
    (
        LOOKAHEAD(2) <RENAME> <TO> to = SimpleIdentifier() {
            actions.add(new PgAlterTable.RenameTable(to.getSimple()));
        }
    |   <RENAME> [ <COLUMN> ] from = SimpleIdentifier() <TO> to = SimpleIdentifier() {
            actions.add(new PgAlterTable.RenameColumn(from.getSimple(), to.getSimple()));
        }
    |   PgAlterAction(actions) ( <COMMA> PgAlterAction(actions) )*
    )
    { return new PgAlterTable(s.end(this), ifExists, id, actions); }
}

void PgAlterAction(List<PgAlterTable.Action> actions) :
{
    final List<PgColumnDef> columns = new ArrayList<PgColumnDef>();
    final List<PgTableConstraint> constraints = new ArrayList<PgTableConstraint>();
    boolean ifNotExists = false;
    boolean ifExists;
    boolean cascade = false;
    SqlIdentifier col;
    SqlNode e;
    SqlDataTypeSpec type;
    SqlNode using = null;
}
{
    <ADD> [ <COLUMN> ] ifNotExists = PgIfNotExists() PgTableElement(columns, constraints) {
        actions.add(PgAlterTable.addAction(columns, constraints, ifNotExists));
    }
|   <DROP> [ <COLUMN> ] ifExists = PgIfExists() col = SimpleIdentifier()
    [ <CASCADE> { cascade = true; } | <RESTRICT> ] {
        actions.add(new PgAlterTable.DropColumn(col.getSimple(), ifExists, cascade));
    }
|   <ALTER> [ <COLUMN> ] col = SimpleIdentifier()
    (
        <SET>
        (
            <DEFAULT_> e = Expression(ExprContext.ACCEPT_NON_QUERY) {
                actions.add(new PgAlterTable.SetDefault(col.getSimple(), e));
            }
        |   <NOT> <NULL> { actions.add(new PgAlterTable.SetNotNull(col.getSimple(), true)); }
        |   <DATA> <TYPE> type = PgDataType() [ <USING> using = Expression(ExprContext.ACCEPT_NON_QUERY) ] {
                actions.add(new PgAlterTable.AlterType(col.getSimple(), type, using));
            }
        )
    |   <TYPE> type = PgDataType() [ <USING> using = Expression(ExprContext.ACCEPT_NON_QUERY) ] {
            actions.add(new PgAlterTable.AlterType(col.getSimple(), type, using));
        }
    |   <DROP>
        (
            <DEFAULT_> { actions.add(new PgAlterTable.SetDefault(col.getSimple(), null)); }
        |   <NOT> <NULL> { actions.add(new PgAlterTable.SetNotNull(col.getSimple(), false)); }
        )
    )
}

/** A type name with PostgreSQL's array suffix: int[], text[][] (dimensions are not enforced, as in PostgreSQL). */
SqlDataTypeSpec PgDataType() :
{
    SqlDataTypeSpec type;
    boolean array = false;
}
{
    (
        <INTERVAL> { type = PgIntervalLiteral.type(getPos()); }
    |
        type = DataType()
    )
    (
        <LBRACKET> ( <UNSIGNED_INTEGER_LITERAL> )? <RBRACKET> { array = true; }
    )*
    {
        if (!array) {
            return type;
        }
        return new SqlDataTypeSpec(
            new SqlCollectionTypeNameSpec(type.getTypeNameSpec(), SqlTypeName.ARRAY, getPos()),
            type.getTimeZone(), type.getNullable(), getPos());
    }
}

/** PostgreSQL's json/jsonb and containment operators (-> ->> #> #>> @>, key-exists ?) and AT TIME ZONE. */
void PgJsonOperator(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlOperator op;
}
{
    (
        <LAMBDA> { op = PgOperators.JSON_GET; }
    |   <JSON_GET_TEXT> { op = PgOperators.JSON_GET_TEXT; }
    |   <JSON_PATH> { op = PgOperators.JSON_PATH; }
    |   <JSON_PATH_TEXT> { op = PgOperators.JSON_PATH_TEXT; }
    |   <JSON_CONTAINS> { op = PgOperators.CONTAINS; }
    |   <HOOK> { op = PgOperators.HAS_KEY; }
    |   <AT> <TIME> <ZONE> { op = PgOperators.AT_TIME_ZONE; }
    )
    {
        checkNonQueryExpression(exprContext);
        list.add(new SqlParserUtil.ToTreeListItem(op, getPos()));
    }
    AddExpression2b(list, ExprContext.ACCEPT_SUB_QUERY)
}
