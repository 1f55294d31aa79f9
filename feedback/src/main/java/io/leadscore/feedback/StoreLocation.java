package io.leadscore.feedback;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a feedback store lives, from the string a user passes ({@code --feedback}): a file path
 * (SQLite) or {@code postgresql://HOST[:PORT]/DB[?param=value…]} (also {@code postgres://} and
 * {@code jdbc:postgresql://}). PostgreSQL credentials come from the URL ({@code user:password@},
 * or the {@code user} and {@code password} parameters) or else from {@code PGUSER} and
 * {@code PGPASSWORD}; they are kept out of {@link #jdbcUrl()} and {@link #display()}, which is the
 * only form ever logged.
 *
 * @param dialect SQLite or PostgreSQL
 * @param jdbcUrl the JDBC URL, without credentials
 * @param user the PostgreSQL user, or null (the driver's default)
 * @param password the PostgreSQL password, or null
 * @param display the location without credentials or parameters, for messages
 * @param file the SQLite file, or null
 */
record StoreLocation(Dialect dialect, String jdbcUrl, String user, String password, String display, Path file) {

    /** Parses a location; {@code env} supplies {@code PGUSER} and {@code PGPASSWORD}. */
    static StoreLocation parse(String location, Map<String, String> env) {
        String s = location.trim();
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        for (String scheme : List.of("jdbc:postgresql://", "postgresql://", "postgres://")) {
            if (lower.startsWith(scheme)) {
                return postgres("postgresql://" + s.substring(scheme.length()), env);
            }
        }
        Path file = Path.of(s).toAbsolutePath();
        return new StoreLocation(Dialect.SQLITE, "jdbc:sqlite:" + file, null, null, file.toString(), file);
    }

    private static StoreLocation postgres(String url, Map<String, String> env) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a PostgreSQL URL (postgresql://HOST:PORT/DB): " + redacted(url));
        }
        String db = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (uri.getHost() == null || db.isEmpty()) {
            throw new IllegalArgumentException("a PostgreSQL store needs a host and a database: postgresql://HOST:PORT/DB, got " + redacted(url));
        }
        String user = env.get("PGUSER");
        String password = env.get("PGPASSWORD");
        if (uri.getRawUserInfo() != null) {
            String[] info = uri.getRawUserInfo().split(":", 2);
            user = decode(info[0]);
            password = info.length > 1 ? decode(info[1]) : password;
        }
        List<String> kept = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                String value = kv.length > 1 ? decode(kv[1]) : "";
                switch (kv[0]) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    case "" -> { }
                    default -> kept.add(pair);
                }
            }
        }
        String hostPort = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        String base = "postgresql://" + hostPort + "/" + db;
        String jdbc = "jdbc:" + base + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        return new StoreLocation(Dialect.POSTGRESQL, jdbc, blankToNull(user), blankToNull(password), base, null);
    }

    /** The URL with anything that may be a credential cut off, for an error message. */
    private static String redacted(String url) {
        return url.replaceAll("//[^/@]*@", "//").replaceAll("\\?.*$", "");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @Override
    public String toString() {
        return display; // never the credentials
    }
}
