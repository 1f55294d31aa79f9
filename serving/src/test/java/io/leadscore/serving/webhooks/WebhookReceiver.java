package io.leadscore.serving.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CRM's webhook endpoint for the tests: a real HTTP server (the JDK's) on 127.0.0.1 that records
 * every request's Standard Webhooks headers and body, refuses the first {@code refuse} with 503, and
 * can go down (stop listening) and come back on the same port.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One request received, and the status it was answered with. */
    record Received(String id, String timestamp, String signature, String body, int status) {
    }

    private final AtomicInteger refuse;
    private final List<Received> received = new ArrayList<>();
    private int port;
    private HttpServer server;

    WebhookReceiver(int refuseFirst) throws IOException {
        this.refuse = new AtomicInteger(refuseFirst);
        start();
    }

    /** Takes every request from now on. */
    void acceptAll() {
        refuse.set(0);
    }

    /** Listens (again), on the same port after the first start. */
    synchronized void start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        s.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 200;
            synchronized (received) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body, status));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        s.start();
        port = s.getAddress().getPort();
        server = s;
    }

    /** Stops listening: connections are refused until {@link #start()}. */
    synchronized void stop() {
        server.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The requests answered 200. */
    List<Received> accepted() {
        return received().stream().filter(r -> r.status() == 200).toList();
    }

    @Override
    public synchronized void close() {
        server.stop(0);
    }
}
