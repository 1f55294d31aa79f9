package io.leadscore.online;

import io.leadscore.data.DataException;
import java.net.URI;
import java.util.Optional;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The online store in Redis, shared by several server instances: one string per lead under
 * {@code leadscore:features:<lead_id>} holding the {@link StoredFeatures} JSON. Written in
 * pipelined batches; each lead's value is replaced atomically (a reader sees its old or its new
 * features). Live: there is nothing to reload.
 */
public final class RedisOnlineStore implements OnlineStore {
    /** Prefix of every key leadscore writes. */
    public static final String KEY_PREFIX = "leadscore:features:";
    private static final int BATCH = 1000;

    private final String where;
    private final RedisClient redis;

    private RedisOnlineStore(String uri) {
        URI u;
        try {
            u = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new DataException("--redis", "not a redis:// URI: " + uri);
        }
        if (!"redis".equals(u.getScheme()) && !"rediss".equals(u.getScheme()) || u.getHost() == null) {
            throw new DataException("--redis", "expected redis://host:port, got '" + uri + "'");
        }
        this.where = u.getScheme() + "://" + u.getHost() + ":" + (u.getPort() < 0 ? 6379 : u.getPort());
        this.redis = RedisClient.create(u);
        try {
            redis.ping();
        } catch (JedisException e) {
            redis.close();
            throw new DataException("--redis", "cannot reach Redis at " + where + ": " + e.getMessage());
        }
    }

    /** Connects (and checks the connection) to {@code redis://host:port[/db]}. */
    public static RedisOnlineStore connect(String uri) {
        return new RedisOnlineStore(uri);
    }

    @Override
    public Optional<StoredFeatures> get(String leadId) {
        String json = redis.get(KEY_PREFIX + leadId);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(StoredFeatures.fromJson(json));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("unreadable features in Redis under " + KEY_PREFIX + "…: " + e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "redis " + where;
    }

    /** A writer that sets one key per lead, in pipelined batches. */
    public OnlineStoreWriter writer() {
        return new OnlineStoreWriter() {
            private Pipeline pipeline = redis.pipelined();
            private int pending;

            @Override
            public void put(StoredFeatures features) {
                pipeline.set(KEY_PREFIX + features.leadId(), features.toJson());
                if (++pending == BATCH) {
                    flush();
                }
            }

            private void flush() {
                try {
                    pipeline.sync();
                } catch (JedisException e) {
                    throw new DataException("--redis", "writing to Redis at " + where + " failed: " + e.getMessage());
                }
                pending = 0;
            }

            @Override
            public void commit() {
                flush();
            }

            @Override
            public void close() {
                pipeline.close();
            }
        };
    }

    @Override
    public void close() {
        redis.close();
    }
}
