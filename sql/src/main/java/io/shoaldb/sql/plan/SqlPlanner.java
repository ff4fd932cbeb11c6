package io.shoaldb.sql.plan;

import io.shoaldb.sql.catalog.CalciteCatalogSchema;
import io.shoaldb.sql.catalog.Catalog;
import io.shoaldb.sql.catalog.IndexDef;
import io.shoaldb.sql.catalog.PgType;
import io.shoaldb.sql.catalog.TableDef;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.exec.Expr;
import io.shoaldb.sql.parser.PgConformance;
import io.shoaldb.sql.parser.PgDelete;
import io.shoaldb.sql.parser.PgInsert;
import io.shoaldb.sql.parser.PgParser;
import io.shoaldb.sql.parser.PgUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.tools.RelBuilder;

/**
 * Calcite's part of a statement's life: validate against the catalog, convert to relational algebra,
 * remove subqueries, decorrelate and simplify with Hep rules — then hand the logical plan to
 * {@link PhysicalPlanner} and {@link FragmentSplitter}. Calcite executes nothing. One instance plans one
 * statement against one catalog version.
 */
public final class SqlPlanner {
    /** nextval(regclass-as-text): the sequence behind SERIAL columns. */
    public static final SqlFunction NEXTVAL = new SqlFunction("nextval", SqlKind.OTHER_FUNCTION,
            ReturnTypes.BIGINT_NULLABLE, null, OperandTypes.STRING, SqlFunctionCategory.USER_DEFINED_FUNCTION) {
        @Override
        public boolean isDeterministic() {
            return false;
        }
    };

    /** length(text): characters, as PostgreSQL counts them. */
    public static final SqlFunction LENGTH = new SqlFunction("length", SqlKind.OTHER_FUNCTION,
            ReturnTypes.INTEGER_NULLABLE, null, OperandTypes.STRING, SqlFunctionCategory.STRING);

    /** Session functions, evaluated at run time from the executing session (plans are shared). */
    public static final SqlFunction VERSION = sessionFunction("version", ReturnTypes.VARCHAR, OperandTypes.NILADIC);
    public static final SqlFunction CURRENT_DATABASE = sessionFunction("current_database", ReturnTypes.VARCHAR,
            OperandTypes.NILADIC);
    public static final SqlFunction PG_BACKEND_PID = sessionFunction("pg_backend_pid", ReturnTypes.INTEGER,
            OperandTypes.NILADIC);
    public static final SqlFunction CURRENT_SETTING = sessionFunction("current_setting", ReturnTypes.VARCHAR_NULLABLE,
            OperandTypes.STRING);

    private static SqlFunction sessionFunction(String name, org.apache.calcite.sql.type.SqlReturnTypeInference type,
            org.apache.calcite.sql.type.SqlOperandTypeChecker operands) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, type, org.apache.calcite.sql.type.InferTypes.VARCHAR_1024,
                operands, SqlFunctionCategory.SYSTEM) {
            @Override
            public boolean isDeterministic() {
                return false;
            }

            @Override
            public boolean isDynamicFunction() {
                return true;
            }
        };
    }

    private static final SqlOperatorTable LIBRARY = SqlOperatorTables.chain(
            // first: the validator resolves + - * / by name when it derives types, taking the first match
            SqlOperatorTables.of(PgArithmetic.PLUS, PgArithmetic.MINUS, PgArithmetic.TIMES, PgArithmetic.DIVIDE,
                    PgArithmetic.NEGATE, PgFunctions.DATE_PART),
            SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.STANDARD, SqlLibrary.POSTGRESQL),
            SqlOperatorTables.of(NEXTVAL, LENGTH, VERSION, CURRENT_DATABASE, PG_BACKEND_PID, CURRENT_SETTING),
            SqlOperatorTables.of(PgFunctions.ALL),
            SqlOperatorTables.of(io.shoaldb.sql.parser.PgOperators.JSON_GET, io.shoaldb.sql.parser.PgOperators.JSON_GET_TEXT,
                    io.shoaldb.sql.parser.PgOperators.JSON_PATH, io.shoaldb.sql.parser.PgOperators.JSON_PATH_TEXT,
                    io.shoaldb.sql.parser.PgOperators.CONTAINS, io.shoaldb.sql.parser.PgOperators.HAS_KEY,
                    io.shoaldb.sql.parser.PgOperators.AT_TIME_ZONE),
            SqlOperatorTables.of(io.shoaldb.sql.pgcatalog.Functions.operators()));

    /** Function names are case-insensitive in PostgreSQL even though identifiers here are case-sensitive. */
    private static final SqlOperatorTable OPERATORS = new SqlOperatorTable() {
        @Override
        public void lookupOperatorOverloads(SqlIdentifier opName, SqlFunctionCategory category,
                org.apache.calcite.sql.SqlSyntax syntax, List<org.apache.calcite.sql.SqlOperator> operatorList,
                org.apache.calcite.sql.validate.SqlNameMatcher nameMatcher) {
            // pg_catalog.f(...) is f(...): every built-in function lives in pg_catalog (SQLAlchemy calls
            // pg_catalog.version(), psql pg_catalog.format_type(...)).
            SqlIdentifier name = opName.names.size() == 2 && (opName.names.get(0).equalsIgnoreCase("pg_catalog")
                    || opName.names.get(0).equalsIgnoreCase("information_schema"))
                    ? new SqlIdentifier(opName.names.get(1), opName.getParserPosition()) : opName;
            int before = operatorList.size();
            LIBRARY.lookupOperatorOverloads(name, category, syntax, operatorList,
                    org.apache.calcite.sql.validate.SqlNameMatchers.withCaseSensitive(false));
            // our date/time functions shadow Calcite's library functions of the same name (other signatures)
            List<org.apache.calcite.sql.SqlOperator> found = operatorList.subList(before, operatorList.size());
            if (found.stream().anyMatch(PgFunctions.OVERRIDES::contains)) {
                found.removeIf(op -> !PgFunctions.OVERRIDES.contains(op));
            }
        }

        @Override
        public List<org.apache.calcite.sql.SqlOperator> getOperatorList() {
            return LIBRARY.getOperatorList();
        }
    };

    private static final HepProgram SUBQUERIES = new HepProgramBuilder()
            .addRuleInstance(CoreRules.FILTER_SUB_QUERY_TO_CORRELATE)
            .addRuleInstance(CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE)
            .addRuleInstance(CoreRules.JOIN_SUB_QUERY_TO_CORRELATE)
            .build();

    private static final HepProgram SIMPLIFY = new HepProgramBuilder()
            .addRuleInstance(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW)
            .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
            .addRuleInstance(CoreRules.JOIN_CONDITION_PUSH)
            .addRuleInstance(CoreRules.FILTER_MERGE)
            .addRuleInstance(CoreRules.FILTER_PROJECT_TRANSPOSE)
            .addRuleInstance(CoreRules.PROJECT_MERGE)
            .addRuleInstance(CoreRules.PROJECT_REMOVE)
            .build();

    /** Rewrites PostgreSQL type names Calcite does not know (text, int4, float8, bool, ...) in casts. */
    private static final SqlShuttle TYPE_ALIASES = new SqlShuttle() {
        @Override
        public SqlNode visit(SqlIdentifier id) {
            // CURRENT_TIMESTAMP is reserved in PostgreSQL and is a timestamptz there (Calcite: a timestamp)
            if (id.isSimple() && id.getSimple().equalsIgnoreCase("current_timestamp")) {
                return PgFunctions.NOW.createCall(id.getParserPosition());
            }
            return id;
        }

        @Override
        public SqlNode visit(SqlCall call) {
            if (call.getOperator() == org.apache.calcite.sql.fun.SqlStdOperatorTable.CURRENT_TIMESTAMP
                    || call.getOperator().getName().equalsIgnoreCase("current_timestamp")) {
                return PgFunctions.NOW.createCall(call.getParserPosition()); // timestamptz, as in PostgreSQL
            }
            if (call.getKind() == SqlKind.EXTRACT) {
                // extract(field FROM x) is extract('field', x): PostgreSQL's fields and numeric result (PgFunctions)
                SqlNode field = call.operand(0) instanceof org.apache.calcite.sql.SqlIntervalQualifier q
                        ? org.apache.calcite.sql.SqlLiteral.createCharString(extractField(q), q.getParserPosition()) : call.operand(0);
                return super.visit(PgFunctions.EXTRACT.createCall(call.getParserPosition(), field, call.operand(1)));
            }
            if (call.getOperator() == org.apache.calcite.sql.fun.SqlLibraryOperators.DATE_TRUNC) {
                if (call.operand(1) instanceof org.apache.calcite.sql.SqlIntervalQualifier) {
                    throw new SqlException(SqlState.UNDEFINED_FUNCTION,
                            "function date_trunc(timestamp, unit) does not exist (write date_trunc('unit', value))");
                }
                return super.visit(PgFunctions.DATE_TRUNC.createCall(call.getParserPosition(), call.getOperandList()));
            }
            if (call instanceof org.apache.calcite.sql.SqlLambda lambda) {
                return super.visit((SqlCall) io.shoaldb.sql.parser.PgOperators.fromLambda(lambda));
            }
            SqlNode visited = super.visit(call);
            // + - * / and unary minus also do PostgreSQL's date/time arithmetic (PgArithmetic)
            if (visited instanceof org.apache.calcite.sql.SqlBasicCall b
                    && PgArithmetic.replacing(b.getOperator()) instanceof org.apache.calcite.sql.SqlOperator op) {
                b.setOperator(op);
            }
            return visited;
        }

        @Override
        public SqlNode visit(org.apache.calcite.sql.SqlDataTypeSpec type) {
            org.apache.calcite.sql.SqlTypeNameSpec spec = pgTypeNameSpec(type.getTypeNameSpec());
            return spec == type.getTypeNameSpec() ? type
                    : new org.apache.calcite.sql.SqlDataTypeSpec(spec, type.getParserPosition());
        }
    };

    /** The field an EXTRACT names, as PostgreSQL spells it (Calcite's parser turned it into a qualifier). */
    private static String extractField(org.apache.calcite.sql.SqlIntervalQualifier q) {
        if (q.timeFrameName != null) {
            return q.timeFrameName;
        }
        return switch (q.timeUnitRange) {
            case DOW -> "dow";
            case DOY -> "doy";
            case ISODOW -> "isodow";
            case ISOYEAR -> "isoyear";
            case MICROSECOND -> "microseconds";
            case MILLISECOND -> "milliseconds";
            default -> q.timeUnitRange.startUnit.name().toLowerCase(Locale.ROOT);
        };
    }

    /** Applies the type-name and operator rewrites inside our DML wrappers too (their children are fields). */
    private static SqlNode pgTypeNames(SqlNode stmt) {
        return switch (stmt) {
            case PgInsert i -> new PgInsert(i.getParserPosition(), (org.apache.calcite.sql.SqlInsert) i.insert.accept(TYPE_ALIASES),
                    i.conflictColumns, i.action, i.updateTargets, rewriteList(i.updateValues), rewrite(i.updateWhere),
                    rewriteList(i.returning));
            case PgUpdate u -> new PgUpdate(u.getParserPosition(), u.table, u.alias, u.targets, rewriteList(u.values),
                    rewrite(u.from), rewrite(u.where), rewriteList(u.returning));
            case PgDelete d -> new PgDelete(d.getParserPosition(), d.table, d.alias, rewrite(d.where), rewriteList(d.returning));
            default -> stmt.accept(TYPE_ALIASES);
        };
    }

    private static SqlNode rewrite(SqlNode n) {
        return n == null ? null : n.accept(TYPE_ALIASES);
    }

    private static SqlNodeList rewriteList(SqlNodeList n) {
        return n == null ? null : (SqlNodeList) n.accept(TYPE_ALIASES);
    }

    /** A PostgreSQL type name as a Calcite type name (json and jsonb become marked VARCHARs, see PgType). */
    public static org.apache.calcite.sql.SqlTypeNameSpec pgTypeNameSpec(org.apache.calcite.sql.SqlTypeNameSpec spec) {
        if (spec instanceof org.apache.calcite.sql.SqlCollectionTypeNameSpec c) {
            if (!c.getTypeName().getSimple().equalsIgnoreCase("ARRAY")) {
                throw SqlException.notSupported("type " + c.getTypeName().getSimple().toLowerCase(Locale.ROOT));
            }
            org.apache.calcite.sql.SqlTypeNameSpec element = pgTypeNameSpec(c.getElementTypeName());
            return element == c.getElementTypeName() ? spec
                    : new org.apache.calcite.sql.SqlCollectionTypeNameSpec(element, SqlTypeName.ARRAY, c.getParserPos());
        }
        if (spec instanceof org.apache.calcite.sql.SqlUserDefinedTypeNameSpec u) {
            PgType t = PgType.byName(u.getTypeName().getSimple().toLowerCase(Locale.ROOT));
            if (t != null && t != PgType.UNKNOWN) {
                if (t.isArray()) {
                    return new org.apache.calcite.sql.SqlCollectionTypeNameSpec(basicSpec(t.element, u.getParserPos()),
                            SqlTypeName.ARRAY, u.getParserPos());
                }
                return basicSpec(t, u.getParserPos());
            }
            throw new SqlException(SqlState.UNDEFINED_OBJECT, "type \"" + u.getTypeName().getSimple() + "\" does not exist");
        }
        return spec;
    }

    private static org.apache.calcite.sql.SqlTypeNameSpec basicSpec(PgType t, SqlParserPos pos) {
        return switch (t) {
            case JSON -> new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, PgType.JSON_PRECISION, pos);
            case JSONB -> new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, PgType.JSONB_PRECISION, pos);
            case INTERVAL -> new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, PgType.INTERVAL_PRECISION, pos);
            default -> new org.apache.calcite.sql.SqlBasicTypeNameSpec(t.calciteName, pos);
        };
    }

    /**
     * Calcite would reduce constant expressions by compiling and running them (Janino); ShoalDB evaluates
     * every expression itself, with PostgreSQL's semantics, so reduction hands the expressions back as they are.
     */
    private static final org.apache.calcite.rex.RexExecutor NO_CONSTANT_FOLDING =
            (rexBuilder, constExps, reducedValues) -> reducedValues.addAll(constExps);

    private final Catalog catalog;
    private final JavaTypeFactoryImpl typeFactory = new JavaTypeFactoryImpl(PgTypeSystem.INSTANCE);
    private final CalciteCatalogReader catalogReader;
    private final SqlValidator validator;
    private final RelOptCluster cluster;

    public SqlPlanner(Catalog catalog) {
        this.catalog = catalog;
        CalciteSchema root = CalciteSchema.createRootSchema(false, false, "", new CalciteCatalogSchema(catalog));
        // PostgreSQL's schemas: user tables in public (also reachable unqualified), the emulated system
        // catalogs in pg_catalog (searched first for unqualified names, as PostgreSQL does) and information_schema.
        root.add("public", new CalciteCatalogSchema(catalog));
        root.add("pg_catalog", new io.shoaldb.sql.pgcatalog.CalciteSystemSchema("pg_catalog"));
        root.add("information_schema", new io.shoaldb.sql.pgcatalog.CalciteSystemSchema("information_schema"));
        Properties props = new Properties();
        props.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
        CalciteConnectionConfigImpl config = new CalciteConnectionConfigImpl(props);
        this.catalogReader = new CalciteCatalogReader(root, org.apache.calcite.sql.validate.SqlNameMatchers.withCaseSensitive(true),
                List.of(List.of("pg_catalog"), List.of()), typeFactory, config) {
        };
        this.validator = newValidator();
        HepPlanner planner = new HepPlanner(new HepProgramBuilder().build());
        planner.setExecutor(NO_CONSTANT_FOLDING);
        this.cluster = RelOptCluster.create(planner, new PgRexBuilder(typeFactory));
    }

    private SqlValidator newValidator() {
        return SqlValidatorUtil.newValidator(OPERATORS, catalogReader, typeFactory,
                SqlValidator.Config.DEFAULT.withConformance(PgConformance.INSTANCE)
                        .withIdentifierExpansion(true)
                        .withDefaultNullCollation(NullCollation.HIGH)
                        .withTypeCoercionEnabled(true));
    }

    /** Bound on views expanded inside views (a view replaced to read itself would otherwise never end). */
    static final int MAX_VIEW_DEPTH = 64;
    private int viewDepth;
    /** Views expanded while planning this statement (what a new view depends on). */
    private final java.util.SortedSet<String> expandedViews = new TreeSet<>();

    /** Calcite view expansion: a view's stored SQL is parsed, validated and converted where it is named. */
    private final org.apache.calcite.plan.RelOptTable.ViewExpander viewExpander =
            (rowType, queryString, schemaPath, viewPath) -> {
                String name = viewPath.get(viewPath.size() - 1);
                if (viewDepth >= MAX_VIEW_DEPTH) {
                    throw new SqlException("42P17", "infinite recursion detected in rules for relation \"" + name + "\"");
                }
                viewDepth++;
                try {
                    expandedViews.add(name);
                    SqlNode parsed = PgParser.parseStatement(queryString).accept(TYPE_ALIASES);
                    SqlValidator v = newValidator();
                    SqlNode validated = v.validate(parsed);
                    return converter(v).convertQuery(validated, true, false);
                } finally {
                    viewDepth--;
                }
            };

    /**
     * What CREATE VIEW records: the query validated against this catalog and unparsed with identifiers
     * qualified and {@code *} expanded, its result columns, and the tables and views it reads.
     */
    public record ViewAnalysis(String sql, List<String> columnNames, List<RelDataType> columnTypes,
            List<String> dependsOn) {
    }

    public ViewAnalysis analyzeView(SqlNode query) {
        OutputNames.Raw raw = OutputNames.capture(query);
        query = query.accept(TYPE_ALIASES);
        if (!query.isA(SqlKind.QUERY)) {
            throw new SqlException(SqlState.SYNTAX_ERROR, "a view needs a query");
        }
        OutputNames.prepareDerivedTables(query, raw);
        try {
            SqlNode validated = validator.validate(query);
            if (validator.getParameterRowType(validated).getFieldCount() > 0) {
                throw new SqlException(SqlState.UNDEFINED_PARAMETER, "there is no parameter $1");
            }
            RelRoot root = toRel(validated);
            java.util.SortedSet<String> deps = new TreeSet<>(expandedViews);
            new org.apache.calcite.rel.RelVisitor() {
                @Override
                public void visit(RelNode node, int ordinal, RelNode parent) {
                    if (node instanceof org.apache.calcite.rel.core.TableScan scan) {
                        CalciteCatalogSchema.CatalogTable t = scan.getTable().unwrap(CalciteCatalogSchema.CatalogTable.class);
                        if (t != null) {
                            deps.add(t.def().name());
                        }
                    }
                    node.childrenAccept(this);
                }
            }.go(root.rel);
            // Subqueries stay RexSubQuery nodes until the Hep pass; their tables count too.
            optimize(root.project()).accept(new org.apache.calcite.rel.RelShuttleImpl() {
                @Override
                public RelNode visit(org.apache.calcite.rel.core.TableScan scan) {
                    CalciteCatalogSchema.CatalogTable t = scan.getTable().unwrap(CalciteCatalogSchema.CatalogTable.class);
                    if (t != null) {
                        deps.add(t.def().name());
                    }
                    return scan;
                }
            });
            List<String> names = OutputNames.names(raw, validated, root.validatedRowType);
            List<RelDataType> types = new ArrayList<>();
            for (RelDataTypeField f : root.validatedRowType.getFieldList()) {
                types.add(f.getType());
            }
            String sql = validated.toSqlString(org.apache.calcite.sql.dialect.PostgresqlSqlDialect.DEFAULT).getSql();
            return new ViewAnalysis(sql, names, types, new ArrayList<>(deps));
        } catch (CalciteContextException e) {
            throw translate(e);
        } catch (org.apache.calcite.runtime.CalciteException e) {
            throw translate(e);
        }
    }

    /** Plans a query or DML statement (possibly a PgInsert/PgUpdate/PgDelete wrapper). */
    public CompiledPlan plan(SqlNode stmt, int markerCount) {
        if (stmt instanceof io.shoaldb.sql.parser.PgLockingSelect l) {
            return planLocking(l, markerCount);
        }
        // PostgreSQL's output names come from the statement as written (before our rewrites and Calcite's
        // validation, which expands * and makes names unique)
        rawNames = stmt.isA(SqlKind.QUERY) ? OutputNames.capture(stmt) : switch (stmt) {
            case PgInsert i -> i.returning == null ? null : OutputNames.returning(i.returning);
            case PgUpdate u -> u.returning == null ? null : OutputNames.returning(u.returning);
            case PgDelete d -> d.returning == null ? null : OutputNames.returning(d.returning);
            default -> null;
        };
        stmt = stmt.accept(io.shoaldb.sql.pgcatalog.CatalogSyntax.CASTS);
        stmt = pgTypeNames(stmt);
        String target = switch (stmt) {
            case PgInsert i -> i.insert.getTargetTable() instanceof SqlIdentifier id ? id.names.get(id.names.size() - 1) : null;
            case PgUpdate u -> u.table.names.get(u.table.names.size() - 1);
            case PgDelete d -> d.table.names.get(d.table.names.size() - 1);
            default -> null;
        };
        if (target != null && catalog.view(target) != null) {
            throw SqlException.notSupported("writing to view \"" + target + "\" (updatable views)");
        }
        if (stmt.isA(SqlKind.QUERY)) {
            OutputNames.prepareDerivedTables(stmt, rawNames);
        }
        try {
            return switch (stmt) {
                case PgInsert i -> planInsert(i, markerCount);
                case PgUpdate u -> planUpdate(u, markerCount);
                case PgDelete d -> planDelete(d, markerCount);
                default -> planQuery(stmt, markerCount);
            };
        } catch (CalciteContextException e) {
            throw translate(e);
        } catch (org.apache.calcite.runtime.CalciteException e) {
            throw translate(e);
        }
    }

    /**
     * SELECT ... FOR UPDATE: the query planned with each locked table's primary key as hidden trailing
     * columns (RowLockPlanning), which the session turns into row keys to lock and then drops.
     */
    private CompiledPlan planLocking(io.shoaldb.sql.parser.PgLockingSelect l, int markerCount) {
        RowLockPlanning.Prepared p = RowLockPlanning.prepare(l, catalog, this::isAggregateCall);
        CompiledPlan inner = plan(p.query(), markerCount);
        if (p.systemRelation() != null) {
            throw SqlException.notSupported(p.systemRelation());
        }
        int visible = inner.columns().size() - p.hiddenColumns();
        if (visible < 0) {
            throw new IllegalStateException("a locking plan lost its hidden key columns");
        }
        List<RowLockSpec.LockedTable> tables = new ArrayList<>();
        for (RowLockPlanning.Pending t : p.locked()) {
            int[] positions = new int[t.table().primaryKey().size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = visible + t.firstHidden() + i;
            }
            tables.add(new RowLockSpec.LockedTable(t.table(), positions, t.strength(), t.waitPolicy()));
        }
        return new CompiledPlan(inner.verb(), inner.fragments(), inner.columns().subList(0, visible), inner.markerTypes(),
                true, false, inner.explain(), new RowLockSpec(visible, tables, p.strength(), p.offset(), p.limit()));
    }

    /** Whether {@code call} names an aggregate function (resolved through the validator's operator table). */
    private boolean isAggregateCall(org.apache.calcite.sql.SqlCall call) {
        if (call.getOperator().isAggregator()) {
            return true;
        }
        if (!(call.getOperator() instanceof org.apache.calcite.sql.SqlUnresolvedFunction f)) {
            return false;
        }
        List<org.apache.calcite.sql.SqlOperator> found = new ArrayList<>();
        validator.getOperatorTable().lookupOperatorOverloads(
                new SqlIdentifier(f.getName(), org.apache.calcite.sql.parser.SqlParserPos.ZERO),
                org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_FUNCTION,
                org.apache.calcite.sql.SqlSyntax.FUNCTION, found,
                org.apache.calcite.sql.validate.SqlNameMatchers.withCaseSensitive(false));
        for (org.apache.calcite.sql.SqlOperator op : found) {
            if (op.isAggregator()) {
                return true;
            }
        }
        return false;
    }

    /** The statement's select list as written, for {@link OutputNames}; set by {@link #plan}. */
    private OutputNames.Raw rawNames;

    private CompiledPlan planQuery(SqlNode stmt, int markerCount) {
        if (!stmt.isA(SqlKind.QUERY)) {
            throw SqlException.notSupported("statement " + stmt.getKind());
        }
        SqlNode validated = validator.validate(stmt);
        List<RelDataType> markers = markerTypes(validated, markerCount);
        RelRoot root = toRel(validated);
        RelNode rel = optimize(root.project());
        PhysicalPlanner phys = new PhysicalPlanner(cluster.getRexBuilder());
        PlanNode node = phys.planRoot(rel);
        List<Fragment> fragments = FragmentSplitter.split(node);
        boolean fast = fragments.size() == 1 && containsKeyGet(node);
        List<CompiledPlan.Column> columns = withOrigins(
                columns(root.validatedRowType, OutputNames.names(rawNames, validated, root.validatedRowType)), root.project());
        return new CompiledPlan("SELECT", fragments, columns, markers, true, fast, PlanPrinter.print(fragments));
    }

    private static boolean containsKeyGet(PlanNode n) {
        return switch (n) {
            case PlanNode.KeyGet k -> true;
            case PlanNode.Filter f -> containsKeyGet(f.input());
            case PlanNode.Project p -> containsKeyGet(p.input());
            default -> false;
        };
    }

    private CompiledPlan planInsert(PgInsert ins, int markerCount) {
        SqlNode validated = validator.validate(ins.insert);
        List<RelDataType> markers = markerTypes(validated, markerCount);
        TableModify modify = (TableModify) toRel(validated).rel;
        TableDef table = PhysicalPlanner.tableOf(scanOf(modify));
        PhysicalPlanner phys = new PhysicalPlanner(cluster.getRexBuilder());
        PlanNode input = phys.planRoot(optimize(modify.getInput()));
        PlanNode.ConflictAction action = switch (ins.action) {
            case NONE -> PlanNode.ConflictAction.NONE;
            case NOTHING -> PlanNode.ConflictAction.NOTHING;
            case UPDATE -> PlanNode.ConflictAction.UPDATE;
        };
        IndexDef conflictIndex = null;
        if (ins.conflictColumns != null) {
            conflictIndex = conflictTarget(table, ins.conflictColumns);
        } else if (action == PlanNode.ConflictAction.UPDATE) {
            throw new SqlException(SqlState.SYNTAX_ERROR, "ON CONFLICT DO UPDATE requires inference specification or constraint name");
        }
        int[] updateColumns = new int[0];
        List<Expr> updateValues = List.of();
        Expr where = null;
        if (action == PlanNode.ConflictAction.UPDATE) {
            updateColumns = columnOrdinals(table, ins.updateTargets);
            List<SqlNode> exprs = new ArrayList<>(ins.updateValues.getList());
            if (ins.updateWhere != null) {
                exprs.add(ins.updateWhere);
            }
            List<Expr> compiled = compileOverTable(table, exprs, true, phys);
            updateValues = compiled.subList(0, updateColumns.length);
            where = ins.updateWhere == null ? null : compiled.get(compiled.size() - 1);
        }
        return modifyPlan("INSERT", table, PlanNode.ModifyKind.INSERT, input, new int[0], action, conflictIndex,
                updateColumns, updateValues, where, ins.returning, markers, phys);
    }

    private CompiledPlan planUpdate(PgUpdate u, int markerCount) {
        if (u.from != null) {
            return planUpdateFrom(u, markerCount);
        }
        SqlUpdate update = new SqlUpdate(u.getParserPosition(), u.table, u.targets, u.values, u.where, null, u.alias);
        SqlNode validated = validator.validate(update);
        List<RelDataType> markers = markerTypes(validated, markerCount);
        TableModify modify = (TableModify) toRel(validated).rel;
        TableDef table = PhysicalPlanner.tableOf(scanOf(modify));
        PhysicalPlanner phys = new PhysicalPlanner(cluster.getRexBuilder());
        PlanNode input = phys.planRoot(optimize(modify.getInput()));
        int[] cols = new int[modify.getUpdateColumnList().size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = table.columnIndex(modify.getUpdateColumnList().get(i));
        }
        return modifyPlan("UPDATE", table, PlanNode.ModifyKind.UPDATE, input, cols, PlanNode.ConflictAction.NONE, null,
                new int[0], List.of(), null, u.returning, markers, phys);
    }

    /**
     * UPDATE t SET c = e FROM s WHERE p runs as the query SELECT t.*, e FROM t, s WHERE p feeding the UPDATE
     * write path (old row followed by new values). As in PostgreSQL, a target row joined to several source
     * rows is updated once per match, the last one winning.
     */
    private CompiledPlan planUpdateFrom(PgUpdate u, int markerCount) {
        SqlParserPos p = u.getParserPosition();
        String tableName = u.table.names.get(u.table.names.size() - 1);
        String qualifier = u.alias != null ? u.alias.getSimple() : tableName;
        SqlNode target = u.alias == null ? u.table
                : org.apache.calcite.sql.fun.SqlStdOperatorTable.AS.createCall(p, u.table, u.alias);
        SqlNode from = new org.apache.calcite.sql.SqlJoin(p, target, org.apache.calcite.sql.SqlLiteral.createBoolean(false, p),
                org.apache.calcite.sql.JoinType.COMMA.symbol(p), u.from,
                org.apache.calcite.sql.JoinConditionType.NONE.symbol(p), null);
        List<SqlNode> items = new ArrayList<>();
        items.add(SqlIdentifier.star(List.of(qualifier, ""), p, List.of(p, p)));
        items.addAll(u.values.getList());
        SqlSelect select = new SqlSelect(p, null, new SqlNodeList(items, p), from, u.where, null, null, null, null,
                null, null, null, null);
        SqlNode validated = validator.validate(select);
        List<RelDataType> markers = markerTypes(validated, markerCount);
        TableDef table = catalog.table(tableName);
        if (table == null) {
            throw new SqlException(SqlState.UNDEFINED_TABLE, "relation \"" + tableName + "\" does not exist");
        }
        PhysicalPlanner phys = new PhysicalPlanner(cluster.getRexBuilder());
        PlanNode input = phys.planRoot(optimize(toRel(validated).project()));
        return modifyPlan("UPDATE", table, PlanNode.ModifyKind.UPDATE, input, columnOrdinals(table, u.targets),
                PlanNode.ConflictAction.NONE, null, new int[0], List.of(), null, u.returning, markers, phys);
    }

    private CompiledPlan planDelete(PgDelete d, int markerCount) {
        SqlDelete delete = new SqlDelete(d.getParserPosition(), d.table, d.where, null, d.alias);
        SqlNode validated = validator.validate(delete);
        List<RelDataType> markers = markerTypes(validated, markerCount);
        TableModify modify = (TableModify) toRel(validated).rel;
        TableDef table = PhysicalPlanner.tableOf(scanOf(modify));
        PhysicalPlanner phys = new PhysicalPlanner(cluster.getRexBuilder());
        PlanNode input = phys.planRoot(optimize(modify.getInput()));
        return modifyPlan("DELETE", table, PlanNode.ModifyKind.DELETE, input, new int[0], PlanNode.ConflictAction.NONE,
                null, new int[0], List.of(), null, d.returning, markers, phys);
    }

    private CompiledPlan modifyPlan(String verb, TableDef table, PlanNode.ModifyKind kind, PlanNode input, int[] updateColumns,
            PlanNode.ConflictAction action, IndexDef conflictIndex, int[] conflictCols, List<Expr> conflictValues,
            Expr conflictWhere, SqlNodeList returning, List<RelDataType> markers, PhysicalPlanner phys) {
        List<Expr> ret = null;
        List<CompiledPlan.Column> columns = List.of();
        if (returning != null) {
            SqlSelect select = selectFrom(table, returning.getList(), false);
            SqlNode validated = validator.validate(select);
            RelDataType rowType = validator.getValidatedNodeType(validated);
            ret = projectExprs(toRel(validated).rel, phys, false);
            columns = columns(rowType, OutputNames.names(rawNames, validated, rowType));
        }
        List<Expr> checks = new ArrayList<>();
        if (!table.checks().isEmpty()) {
            List<SqlNode> exprs = new ArrayList<>();
            for (var c : table.checks()) {
                exprs.add(((SqlSelect) PgParser.parseStatement("SELECT " + c.sql())).getSelectList().get(0));
            }
            checks = compileOverTable(table, exprs, false, phys);
        }
        PlanNode node = new PlanNode.Modify(table, kind, input, updateColumns, action, conflictIndex, conflictCols,
                conflictValues, conflictWhere, ret, checks);
        List<Fragment> fragments = FragmentSplitter.split(node);
        return new CompiledPlan(verb, fragments, columns, markers, returning != null, false, PlanPrinter.print(fragments));
    }

    /** Compiles expressions over the table's row (or over row ++ "excluded" row for ON CONFLICT). */
    private List<Expr> compileOverTable(TableDef table, List<SqlNode> exprs, boolean withExcluded, PhysicalPlanner phys) {
        List<SqlNode> qualified = new ArrayList<>();
        SqlShuttle qualify = new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                return id.isSimple() ? new SqlIdentifier(List.of(table.name(), id.getSimple()), id.getParserPosition()) : id;
            }
        };
        for (SqlNode e : exprs) {
            qualified.add(withExcluded ? e.accept(qualify) : e);
        }
        SqlSelect select = selectFrom(table, qualified, withExcluded);
        SqlNode validated = validator.validate(select);
        return projectExprs(toRel(validated).rel, phys, withExcluded);
    }

    private static SqlSelect selectFrom(TableDef table, List<SqlNode> items, boolean withExcluded) {
        SqlParserPos p = SqlParserPos.ZERO;
        SqlNode from = new SqlIdentifier(table.name(), p);
        if (withExcluded) {
            SqlNode excluded = org.apache.calcite.sql.fun.SqlStdOperatorTable.AS.createCall(p,
                    new SqlIdentifier(table.name(), p), new SqlIdentifier("excluded", p));
            from = new org.apache.calcite.sql.SqlJoin(p, from, org.apache.calcite.sql.SqlLiteral.createBoolean(false, p),
                    org.apache.calcite.sql.JoinType.COMMA.symbol(p), excluded,
                    org.apache.calcite.sql.JoinConditionType.NONE.symbol(p), null);
        }
        return new SqlSelect(p, null, new SqlNodeList(items, p), from, null, null, null, null, null, null, null, null, null);
    }

    private static List<Expr> projectExprs(RelNode rel, PhysicalPlanner phys, boolean overJoin) {
        if (!(rel instanceof LogicalProject p)
                || !(overJoin ? p.getInput() instanceof LogicalJoin : p.getInput() instanceof LogicalTableScan)) {
            throw SqlException.notSupported("subqueries in RETURNING, CHECK or ON CONFLICT expressions");
        }
        return phys.compiler().compileAll(p.getProjects());
    }

    private static IndexDef conflictTarget(TableDef table, SqlNodeList cols) {
        Set<Integer> wanted = new TreeSet<>();
        for (int c : columnOrdinals(table, cols)) {
            wanted.add(c);
        }
        if (wanted.equals(new TreeSet<>(table.primaryKey()))) {
            return new IndexDef(table.name() + "_pkey", table.primaryKey(), true);
        }
        for (IndexDef idx : table.indexes()) {
            if (idx.unique() && wanted.equals(new TreeSet<>(idx.columns()))) {
                return idx;
            }
        }
        throw new SqlException(SqlState.INVALID_COLUMN_REFERENCE,
                "there is no unique or exclusion constraint matching the ON CONFLICT specification");
    }

    private static int[] columnOrdinals(TableDef table, SqlNodeList ids) {
        int[] out = new int[ids.size()];
        for (int i = 0; i < out.length; i++) {
            SqlIdentifier id = (SqlIdentifier) ids.get(i);
            String name = id.names.get(id.names.size() - 1);
            out[i] = table.columnIndex(name);
            if (out[i] < 0) {
                throw new SqlException(SqlState.UNDEFINED_COLUMN, "column \"" + name + "\" of relation \""
                        + table.name() + "\" does not exist");
            }
        }
        return out;
    }

    private static LogicalTableScan scanOf(TableModify modify) {
        RelNode r = modify;
        if (modify.getTable() == null) {
            throw new IllegalStateException("modify without a table");
        }
        CalciteCatalogSchema.CatalogTable t = modify.getTable().unwrap(CalciteCatalogSchema.CatalogTable.class);
        if (t == null) {
            throw new IllegalStateException("modify of a table outside the catalog");
        }
        return LogicalTableScan.create(modify.getCluster(), modify.getTable(), List.of());
    }

    private RelRoot toRel(SqlNode validated) {
        return converter(validator).convertQuery(validated, false, true);
    }

    private SqlToRelConverter converter(SqlValidator v) {
        return new SqlToRelConverter(viewExpander, v, catalogReader, cluster,
                StandardConvertletTable.INSTANCE, SqlToRelConverter.config()
                        .withExpand(false)
                        .withTrimUnusedFields(false)
                        .withInSubQueryThreshold(Integer.MAX_VALUE)
                        .withRelBuilderConfigTransform(c -> c.withSimplify(false)));
    }

    private RelNode optimize(RelNode rel) {
        HepPlanner sub = new HepPlanner(SUBQUERIES);
        sub.setExecutor(NO_CONSTANT_FOLDING);
        sub.setRoot(rel);
        RelNode r = sub.findBestExp();
        RelBuilder builder = RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()).create(cluster, catalogReader);
        r = RelDecorrelator.decorrelateQuery(r, builder);
        HepPlanner simplify = new HepPlanner(SIMPLIFY);
        simplify.setExecutor(NO_CONSTANT_FOLDING);
        simplify.setRoot(r);
        return simplify.findBestExp();
    }

    private List<RelDataType> markerTypes(SqlNode validated, int markerCount) {
        RelDataType params = validator.getParameterRowType(validated);
        if (params.getFieldCount() != markerCount) {
            throw new SqlException(SqlState.SYNTAX_ERROR, "syntax error at or near \"?\"");
        }
        List<RelDataType> out = new ArrayList<>();
        for (RelDataTypeField f : params.getFieldList()) {
            out.add(f.getType());
        }
        return out;
    }

    /**
     * Adds the source table OID, attnum and typmod to each result column that is a plain reference to a
     * user table's column (through projections, filters, joins, subqueries), as PostgreSQL reports them in
     * RowDescription; pgjdbc's ResultSetMetaData (getTableName, isNullable, isAutoIncrement) reads them.
     */
    private static List<CompiledPlan.Column> withOrigins(List<CompiledPlan.Column> columns, RelNode rel) {
        org.apache.calcite.rel.metadata.RelMetadataQuery mq = rel.getCluster().getMetadataQuery();
        List<CompiledPlan.Column> out = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            CompiledPlan.Column c = columns.get(i);
            org.apache.calcite.rel.metadata.RelColumnOrigin origin =
                    i < rel.getRowType().getFieldCount() ? mq.getColumnOrigin(rel, i) : null;
            CalciteCatalogSchema.CatalogTable table = origin == null || origin.isDerived() ? null
                    : origin.getOriginTable().unwrap(CalciteCatalogSchema.CatalogTable.class);
            int ordinal = origin == null ? -1 : origin.getOriginColumnOrdinal();
            if (table == null || ordinal < 0 || ordinal >= table.def().columns().size()) {
                out.add(c);
                continue;
            }
            io.shoaldb.sql.catalog.ColumnDef def = table.def().columns().get(ordinal);
            // Calcite types varchar(n) and char(n) columns as text; the client is told the declared type.
            PgType type = c.type() == PgType.TEXT && (def.type() == PgType.VARCHAR || def.type() == PgType.BPCHAR)
                    ? def.type() : c.type();
            out.add(new CompiledPlan.Column(c.name(), type, c.internalName(),
                    io.shoaldb.sql.pgcatalog.CatalogView.tableOid(table.def()), ordinal + 1,
                    def.type() == type ? io.shoaldb.sql.pgcatalog.BuiltinTypes.typmod(def) : -1));
        }
        return out;
    }

    private static List<CompiledPlan.Column> columns(RelDataType rowType, List<String> names) {
        List<CompiledPlan.Column> out = new ArrayList<>();
        for (int i = 0; i < rowType.getFieldCount(); i++) {
            RelDataTypeField f = rowType.getFieldList().get(i);
            out.add(new CompiledPlan.Column(names.get(i), PgType.of(f.getType()), f.getName()));
        }
        return out;
    }

    /** pg_catalog relations clients query unqualified (pg_catalog is implicitly first on PostgreSQL's path). */
    private static final java.util.SortedSet<String> SYSTEM_RELATIONS = java.util.Collections.unmodifiableSortedSet(
            new java.util.TreeSet<>(java.util.List.of("pg_namespace", "pg_class",
            "pg_attribute", "pg_type", "pg_index", "pg_constraint", "pg_attrdef", "pg_proc", "pg_database",
            "pg_settings", "pg_roles", "pg_user", "pg_description", "pg_am", "pg_tables", "pg_views", "pg_indexes",
            "pg_enum", "pg_range", "pg_inherits", "pg_extension", "pg_stat_activity", "pg_tablespace",
            "pg_authid", "pg_collation", "pg_depend", "pg_sequence", "pg_trigger", "pg_rewrite", "pg_shdescription")));

    /** Maps Calcite's validation messages to PostgreSQL's SQLSTATEs and wording. */
    static SqlException translate(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String msg = cause.getMessage() == null ? e.getMessage() : cause.getMessage();
        if (msg == null) {
            msg = e.toString();
        }
        java.util.regex.Matcher m;
        if ((m = java.util.regex.Pattern.compile("Object '([^']*)' not found").matcher(msg)).find()
                || (m = java.util.regex.Pattern.compile("Table '([^']*)' not found").matcher(msg)).find()) {
            String name = m.group(1);
            if (msg.contains("within 'pg_catalog'") || msg.contains("within 'information_schema'")
                    || name.equals("pg_catalog") || name.equals("information_schema") || name.startsWith("pg_catalog.")
                    || name.startsWith("information_schema.") || SYSTEM_RELATIONS.contains(name)) {
                // A system catalog ShoalDB does not emulate (docs/catalog.md lists those it does): say so rather
                // than "does not exist".
                return SqlException.notSupported("system catalog \"" + name + "\" (not emulated by ShoalDB)");
            }
            return new SqlException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
        }
        if ((m = java.util.regex.Pattern.compile("Column '([^']*)' not found").matcher(msg)).find()
                || (m = java.util.regex.Pattern.compile("Unknown target column '([^']*)'").matcher(msg)).find()) {
            return new SqlException(SqlState.UNDEFINED_COLUMN, "column \"" + m.group(1) + "\" does not exist");
        }
        if ((m = java.util.regex.Pattern.compile("Column '([^']*)' is ambiguous").matcher(msg)).find()) {
            return new SqlException(SqlState.AMBIGUOUS_COLUMN, "column reference \"" + m.group(1) + "\" is ambiguous");
        }
        if (msg.contains("No match found for function signature")) {
            return new SqlException(SqlState.UNDEFINED_FUNCTION, "function does not exist: " + msg.substring(msg.indexOf("signature") + 10));
        }
        if (msg.startsWith("Invalid number of arguments")) {
            return new SqlException(SqlState.UNDEFINED_FUNCTION, "function does not exist: " + msg);
        }
        if (msg.startsWith("Cannot apply")) {
            return new SqlException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: " + msg);
        }
        if (msg.contains("is not being grouped")) {
            return new SqlException(SqlState.GROUPING_ERROR, msg.replaceFirst("Expression '([^']*)'", "column \"$1\"")
                    .replace("is not being grouped", "must appear in the GROUP BY clause or be used in an aggregate function"));
        }
        if (msg.contains("Illegal use of dynamic parameter")) {
            return new SqlException("42P18", "could not determine data type of parameter");
        }
        if (msg.contains("Cannot assign") || msg.contains("Cannot infer") || msg.contains("incompatible")
                || msg.contains("Type mismatch")) {
            return new SqlException(SqlState.DATATYPE_MISMATCH, msg);
        }
        if (msg.contains("Number of INSERT target columns") || msg.contains("Number of columns")) {
            return new SqlException(SqlState.SYNTAX_ERROR, msg);
        }
        if (msg.contains("Duplicate") || msg.contains("duplicate")) {
            return new SqlException(SqlState.DUPLICATE_COLUMN, msg);
        }
        return new SqlException("42000", msg.toLowerCase(Locale.ROOT).isEmpty() ? "invalid statement" : msg);
    }

    public RelDataType parameterType(int marker, CompiledPlan plan) {
        return plan.markerTypes().get(marker);
    }

    static boolean isCall(SqlNode n) {
        return n instanceof SqlCall;
    }
}
