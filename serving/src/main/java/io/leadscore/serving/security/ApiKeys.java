package io.leadscore.serving.security;

import io.leadscore.data.DataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The API and admin keys the server accepts as {@code Authorization: Bearer <key>}. Keys come from
 * the environment ({@code LEADSCORE_API_KEYS}, {@code LEADSCORE_ADMIN_KEYS}, comma-separated) and/or
 * a file of lines {@code api:<key>} or {@code admin:<key>} ({@code #} comments). Only SHA-256
 * digests are kept and compared in constant time; keys are never logged.
 */
public final class ApiKeys {
    /** Environment variable with API keys. */
    public static final String API_ENV = "LEADSCORE_API_KEYS";
    /** Environment variable with admin keys. */
    public static final String ADMIN_ENV = "LEADSCORE_ADMIN_KEYS";
    private static final int MIN_LENGTH = 8;

    private final List<byte[]> api;
    private final List<byte[]> admin;

    private ApiKeys(List<byte[]> api, List<byte[]> admin) {
        this.api = api;
        this.admin = admin;
    }

    /** Keys from the environment and, if given, a keys file. */
    public static ApiKeys load(Map<String, String> env, Path file) {
        List<byte[]> api = new ArrayList<>();
        List<byte[]> admin = new ArrayList<>();
        split(env.get(API_ENV), API_ENV, api);
        split(env.get(ADMIN_ENV), ADMIN_ENV, admin);
        if (file != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new DataException(file.toString(), "cannot read the keys file: " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String role = colon < 0 ? "" : line.substring(0, colon).toLowerCase(Locale.ROOT);
                String key = colon < 0 ? "" : line.substring(colon + 1).strip();
                if (!role.equals("api") && !role.equals("admin")) {
                    throw DataException.atLine(file.toString(), i + 1, null, "expected 'api:<key>' or 'admin:<key>'");
                }
                if (key.length() < MIN_LENGTH) {
                    throw DataException.atLine(file.toString(), i + 1, null, "keys must have at least " + MIN_LENGTH + " characters");
                }
                (role.equals("admin") ? admin : api).add(digest(key));
            }
        }
        return new ApiKeys(List.copyOf(api), List.copyOf(admin));
    }

    private static void split(String value, String name, List<byte[]> into) {
        if (value == null || value.isBlank()) {
            return;
        }
        for (String k : value.split(",")) {
            String key = k.strip();
            if (key.length() < MIN_LENGTH) {
                throw new DataException(name, "keys must have at least " + MIN_LENGTH + " characters");
            }
            into.add(digest(key));
        }
    }

    /** Whether any key is configured. */
    public boolean configured() {
        return !api.isEmpty() || !admin.isEmpty();
    }

    /**
     * What the {@code Authorization} header grants: {@link Access#ADMIN}, {@link Access#API}, or
     * {@link Access#PUBLIC} when it is missing or matches no key.
     */
    public Access grant(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Access.PUBLIC;
        }
        byte[] d = digest(authorization.substring(7).strip());
        boolean isAdmin = false;
        boolean isApi = false;
        for (byte[] k : admin) {
            isAdmin |= MessageDigest.isEqual(k, d);
        }
        for (byte[] k : api) {
            isApi |= MessageDigest.isEqual(k, d);
        }
        return isAdmin ? Access.ADMIN : isApi ? Access.API : Access.PUBLIC;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
