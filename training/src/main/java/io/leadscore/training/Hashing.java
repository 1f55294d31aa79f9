package io.leadscore.training;

import io.leadscore.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files and strings, for data provenance in model cards. */
public final class Hashing {
    private Hashing() {
    }

    /**
     * The SHA-256 of a file's bytes; of a directory (a Parquet dataset written by Spark), of its
     * data files' bytes ({@code .parquet}, not hidden or {@code _}-prefixed) in name order.
     */
    public static String sha256(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path part : dataFiles(file)) {
                try (InputStream in = Files.newInputStream(part)) {
                    update(md, in);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DataException(file.toString(), "cannot read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The files whose bytes make a data set's hash, in order: the file itself, or a directory's data files by name. */
    public static java.util.List<Path> dataFiles(Path file) throws IOException {
        if (!Files.isDirectory(file)) {
            return java.util.List.of(file);
        }
        try (var s = Files.list(file)) {
            return s.filter(p -> isDataFile(p.getFileName().toString())).sorted().toList();
        }
    }

    /** Whether a file in a data set directory holds data (not a marker, checksum or hidden file). */
    public static boolean isDataFile(String name) {
        return name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_");
    }

    /** Adds a stream's bytes to a digest. */
    public static void update(MessageDigest md, InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
