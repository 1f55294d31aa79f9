package io.leadscore.serving;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs a batch's leads on the calling thread and the common pool's workers, each thread taking the
 * next few leads from a shared counter until none are left: every thread keeps working to the end,
 * whereas a parallel stream on a two-core machine cuts the range into four fixed parts and the
 * last part to start decides when the batch ends.
 */
final class SharedWork {
    /** Leads taken at a time: enough to make taking them cheap, few enough to end together. */
    private static final int CHUNK = 8;

    private SharedWork() {
    }

    /**
     * Calls {@code body} once for every index in {@code [0, n)}, in parallel when {@code parallel};
     * returns when all calls have returned. The first exception from {@code body} stops the others
     * at their next leads and is thrown here, as it was thrown, once every thread has stopped.
     */
    static void forEach(int n, boolean parallel, IntConsumer body) {
        forEach(n, CHUNK, parallel, body);
    }

    /** As {@link #forEach(int, boolean, IntConsumer)}, each thread taking {@code chunk} indexes at a time. */
    static void forEach(int n, int chunk, boolean parallel, IntConsumer body) {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        Runnable work = () -> {
            try {
                for (int from; (from = next.getAndAdd(chunk)) < n; ) {
                    for (int i = from, to = Math.min(n, from + chunk); i < to; i++) {
                        body.accept(i);
                    }
                }
            } catch (RuntimeException e) {
                failed.compareAndSet(null, e);
                next.set(n); // the other threads stop at their next chunk
            }
        };
        // a helper for each chunk after the caller's first, as far as the pool has workers
        int helpers = parallel && n > chunk ? Math.min(ForkJoinPool.getCommonPoolParallelism(), (n - 1) / chunk) : 0;
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[helpers];
        for (int k = 0; k < helpers; k++) {
            tasks[k] = ForkJoinPool.commonPool().submit(work);
        }
        work.run();
        for (ForkJoinTask<?> task : tasks) {
            task.join();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
    }
}
