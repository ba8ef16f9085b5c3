/**
 * SQL for bussdcc applications, on SQLite (a file on the box, the default) or PostgreSQL:
 * {@link io.bussdcc.sql.Database} gives components a configured {@link javax.sql.DataSource},
 * transactions and versioned migrations applied at boot; {@link io.bussdcc.sql.SqlSink}
 * records events into a table with batched commits and retention; {@link io.bussdcc.sql.SqlSource}
 * reads them back for {@code bussdcc cat} and replay. See {@code docs/sql.md}.
 *
 * <p>JDBC drivers are found through {@link java.util.ServiceLoader} in this module's layer (so
 * a driver jar in the same plugins folder is enough) and named nowhere in the code.
 *
 * @uses java.sql.Driver
 * @uses io.bussdcc.api.spi.MessageTypeProvider
 * @provides io.bussdcc.api.spi.SinkProvider
 * @provides io.bussdcc.api.spi.SourceProvider
 * @provides io.bussdcc.api.spi.ProcessProvider
 */
module io.bussdcc.sql {
    requires transitive io.bussdcc.api;
    requires transitive java.sql;
    requires io.bussdcc.codec;

    exports io.bussdcc.sql;

    uses java.sql.Driver;
    uses io.bussdcc.api.spi.MessageTypeProvider;

    provides io.bussdcc.api.spi.SinkProvider with io.bussdcc.sql.SqlSinkProvider;
    provides io.bussdcc.api.spi.SourceProvider with io.bussdcc.sql.SqlSourceProvider;
    provides io.bussdcc.api.spi.ProcessProvider with io.bussdcc.sql.DatabaseProcessProvider;
}
