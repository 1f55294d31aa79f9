package io.leadscore.feedback;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The store contract on a real PostgreSQL ({@link TestPostgres}), one new database per store. */
class PostgresFeedbackStoreTest extends StoreContractTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final Map<String, String> locations = new HashMap<>();

    @Override
    String location(String name) throws Exception {
        String known = locations.get(name);
        if (known == null) {
            known = TestPostgres.shared().newDatabase("contract_" + DATABASES.incrementAndGet());
            locations.put(name, known);
        }
        return known;
    }

    @Override
    Instant stored(Instant t) {
        // timestamptz keeps microseconds; the driver rounds the nanoseconds half up
        Instant micros = t.truncatedTo(ChronoUnit.MICROS);
        return t.getNano() % 1000 >= 500 ? micros.plus(1, ChronoUnit.MICROS) : micros;
    }
}
