package io.leadscore.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tests' view of a server started as a child process ({@code bin/leadscore serve} and the like). */
public final class ServerChild {
    private static final Pattern URL = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+)");

    private ServerChild() {
    }

    /**
     * The address the server prints on its standard output when it is up ({@code ... on
     * http://127.0.0.1:PORT}), or null if its output ends first. Its further output is read in the
     * background, so that it never blocks on a full pipe.
     *
     * @param output receives every line of the output, before and after the address; null to keep none
     */
    public static String address(Process server, StringBuilder output) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            keep(output, line);
            Matcher m = URL.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        for (String rest; (rest = out.readLine()) != null; ) {
                            keep(output, rest);
                        }
                    } catch (IOException ignored) {
                        // the server stopped
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        return null;
    }

    private static void keep(StringBuilder output, String line) {
        if (output != null) {
            synchronized (output) {
                output.append(line).append('\n');
            }
        }
    }
}
