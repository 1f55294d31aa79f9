package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Every index is run exactly once, by several threads, also when batches share the pool; a failure reaches the caller. */
class SharedWorkTest {

    @Test
    void runsEveryIndexExactlyOnce() {
        for (int chunk : new int[] {1, 3, 8}) {
            for (int n : new int[] {0, 1, 2, 7, 8, 9, 64, 1_000, 10_007}) {
                for (boolean parallel : new boolean[] {false, true}) {
                    AtomicIntegerArray calls = new AtomicIntegerArray(n);
                    SharedWork.forEach(n, chunk, parallel, calls::incrementAndGet);
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, calls.get(i), "index " + i + " of " + n + " in chunks of " + chunk);
                    }
                }
            }
        }
    }

    @Test
    void batchesAtOnceShareThePoolAndAllUseMoreThanOneThread() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<AtomicIntegerArray>> batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            batches.add(CompletableFuture.supplyAsync(() -> {
                AtomicIntegerArray calls = new AtomicIntegerArray(5_000);
                SharedWork.forEach(5_000, true, i -> {
                    threads.add(Thread.currentThread().getName());
                    calls.incrementAndGet(i);
                    busy();
                });
                return calls;
            }, runnable -> new Thread(runnable, "caller").start()));
        }
        for (CompletableFuture<AtomicIntegerArray> batch : batches) {
            AtomicIntegerArray calls = batch.join();
            for (int i = 0; i < calls.length(); i++) {
                assertEquals(1, calls.get(i));
            }
        }
        assertTrue(threads.size() >= 2, "the callers and the pool's workers: " + threads);
    }

    @Test
    void aFailureIsThrownToTheCaller() {
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicIntegerArray calls = new AtomicIntegerArray(1_000);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> SharedWork.forEach(1_000, true, i -> {
            if (calls.incrementAndGet(i) > 1) {
                throw new AssertionError("index " + i + " run twice");
            }
            if (i == 500) {
                throw boom;
            }
        }));
        assertSame(boom, thrown);
    }

    private static void busy() {
        long x = 0;
        for (int k = 0; k < 2_000; k++) {
            x += k * 31L;
        }
        if (x == 42) {
            throw new IllegalStateException();
        }
    }
}
