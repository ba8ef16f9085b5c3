package io.bussdcc.cli;

import io.bussdcc.api.spi.DiscoveredProvider;
import io.bussdcc.api.spi.ProviderException;
import io.bussdcc.codec.EventCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * {@code bussdcc sql URL STATEMENT}: runs one SQL statement on a database (e.g. the event
 * recorder's) with the JDBC driver found among the image's and the plugins' modules, and prints
 * the rows as a table or as JSON lines.
 */
final class SqlCommand implements Command {

    private static final Option JSON = Option.flag("--json", "print each row as one JSON object per line");
    private static final Option LIMIT = Option.value("--limit", "N", "print at most N rows as a table (default 10000)");
    private static final int SQLITE_BUSY_TIMEOUT_MS = 5000;

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public String summary() {
        return "run one SQL statement on a database (e.g. the event recorder's) and print the rows";
    }

    @Override
    public String usage() {
        return "bussdcc sql URL STATEMENT [--json] [--limit N] [--plugins DIR]";
    }

    @Override
    public String description() {
        return """
                Runs STATEMENT on the database at URL (jdbc:sqlite:FILE, jdbc:postgresql://HOST/DB?user=U)
                and prints the rows as a table, or one JSON object per row with --json; other
                statements print how many rows they changed. The driver comes from the image or
                the --plugins folder, by default the image's plugins folder (framework-sql's
                plugin folder holds SQLite's and PostgreSQL's).
                Events per type per hour, from the recorder's table:
                  bussdcc sql jdbc:sqlite:bussdcc.db "SELECT type, epoch_s / 3600 * 3600 AS hour,
                      count(*) AS n FROM bussdcc_events GROUP BY type, hour ORDER BY hour, type"
                """.stripTrailing();
    }

    @Override
    public List<Option> options() {
        return List.of(JSON, LIMIT, Setup.PLUGINS);
    }

    @Override
    public int run(Arguments args, Io io) throws Exception {
        List<String> positionals = args.positionals();
        if (positionals.size() != 2) {
            throw new UsageException(positionals.size() < 2 ? "give a database URL and a statement"
                    : "unexpected argument '" + positionals.get(2) + "' (quote the statement as one argument)");
        }
        String url = positionals.get(0);
        String statement = positionals.get(1);
        if (!url.startsWith("jdbc:")) {
            throw new UsageException("'" + url + "' is not a JDBC URL (jdbc:sqlite:FILE, jdbc:postgresql://HOST/DB)");
        }
        int limit;
        try {
            limit = Integer.parseInt(args.value(LIMIT.name()).orElse("10000"));
        } catch (NumberFormatException e) {
            throw new UsageException("--limit needs a number, not '" + args.value(LIMIT.name()).orElse("") + "'");
        }
        if (limit < 1) {
            throw new UsageException("--limit must be at least 1");
        }
        ModuleLayer layer = Setup.layer(args);
        Writer out = new BufferedWriter(new OutputStreamWriter(io.out(), StandardCharsets.UTF_8), 1 << 16);
        try (Connection c = connect(layer, url); Statement s = c.createStatement()) {
            if (url.startsWith("jdbc:sqlite:")) {
                s.execute("PRAGMA busy_timeout=" + SQLITE_BUSY_TIMEOUT_MS);
            }
            boolean rows = s.execute(statement);
            while (true) {
                if (rows) {
                    try (ResultSet rs = s.getResultSet()) {
                        if (args.has(JSON.name())) {
                            printJson(rs, out);
                        } else {
                            printTable(rs, out, limit);
                        }
                    }
                } else {
                    int count = s.getUpdateCount();
                    if (count < 0) {
                        break;
                    }
                    out.write(count + (count == 1 ? " row" : " rows") + " changed\n");
                }
                rows = s.getMoreResults();
            }
        } catch (SQLException e) {
            throw new CliFailure("cannot run the statement on " + redact(url) + ": " + e.getMessage(), e);
        } finally {
            out.flush();
        }
        return Cli.OK;
    }

    private static Connection connect(ModuleLayer layer, String url) throws SQLException {
        List<String> seen = new ArrayList<>();
        List<DiscoveredProvider<Driver>> drivers;
        try {
            drivers = DiscoveredProvider.all(Driver.class, ServiceLoader.load(layer, Driver.class));
        } catch (ProviderException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        for (DiscoveredProvider<Driver> found : drivers) {
            Driver d = found.provider();
            if (d.acceptsURL(url)) {
                Connection c = d.connect(url, new Properties());
                if (c != null) {
                    return c;
                }
            }
            seen.add(found.type().getName());
        }
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            if ("08001".equals(e.getSQLState()) && String.valueOf(e.getMessage()).startsWith("No suitable driver")) {
                throw new CliFailure("no JDBC driver accepts " + redact(url) + " (drivers found: "
                        + (seen.isEmpty() ? "none" : String.join(", ", seen))
                        + "); give the folder holding it with --plugins, e.g. framework-sql/target/plugin", e);
            }
            throw e;
        }
    }

    private static void printTable(ResultSet rs, Writer out, int limit) throws SQLException, IOException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[n];
        int[] width = new int[n];
        boolean[] right = new boolean[n];
        for (int i = 0; i < n; i++) {
            header[i] = md.getColumnLabel(i + 1);
            width[i] = header[i].length();
            right[i] = numeric(md.getColumnType(i + 1));
        }
        long total = 0;
        while (rs.next()) {
            total++;
            if (rows.size() < limit) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    String v = rs.getString(i + 1);
                    row[i] = v == null ? "NULL" : v.replace("\n", "\\n");
                    width[i] = Math.max(width[i], row[i].length());
                }
                rows.add(row);
            }
        }
        writeRow(out, header, width, new boolean[n]);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.write(rule.append('\n').toString());
        for (String[] row : rows) {
            writeRow(out, row, width, right);
        }
        out.write("(" + total + (total == 1 ? " row" : " rows")
                + (total > rows.size() ? "; the first " + rows.size() + " shown, see --limit" : "") + ")\n");
    }

    private static void writeRow(Writer out, String[] cells, int[] width, boolean[] right) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(" | ");
            }
            String pad = " ".repeat(width[i] - cells[i].length());
            b.append(right[i] ? pad + cells[i] : i == cells.length - 1 ? cells[i] : cells[i] + pad);
        }
        out.write(b.append('\n').toString());
    }

    private static void printJson(ResultSet rs, Writer out) throws SQLException, IOException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        while (rs.next()) {
            StringBuilder b = new StringBuilder("{");
            for (int i = 1; i <= n; i++) {
                if (i > 1) {
                    b.append(',');
                }
                b.append(EventCodec.quote(md.getColumnLabel(i))).append(':');
                String v = rs.getString(i);
                if (v == null) {
                    b.append("null");
                } else if (numeric(md.getColumnType(i)) && isJsonNumber(v)) {
                    b.append(v);
                } else {
                    b.append(EventCodec.quote(v));
                }
            }
            out.write(b.append("}\n").toString());
        }
    }

    private static boolean numeric(int type) {
        return switch (type) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE,
                    Types.NUMERIC, Types.DECIMAL -> true;
            default -> false;
        };
    }

    private static boolean isJsonNumber(String v) {
        return v.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    }

    /** {@code url} without a password. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(//[^/@:]*:)[^/@]*@", "$1***@");
    }
}
