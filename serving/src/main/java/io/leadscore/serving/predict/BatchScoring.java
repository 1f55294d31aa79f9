package io.leadscore.serving.predict;

import io.leadscore.serving.http.InvalidRequestException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Scores a batch's leads while its body is still being read: {@link LeadReader} hands over each run
 * of {@link #RUN} leads as soon as it is read ({@link #read}), a pool thread scores it, and once the
 * body is read the request thread scores the runs no pool thread has taken yet ({@link #finish}).
 * Scoring has no side effect, so runs of a body that turns out to be bad are simply dropped; a lead
 * of a run the final list no longer holds (a body that repeats {@code leads}) is scored again.
 */
final class BatchScoring<T> {
    /** Leads per run handed to the pool. */
    static final int RUN = 64;

    /** A lead's outcome: what scoring it gave, or its mistakes. */
    record Result<T>(T answer, InvalidRequestException mistake) {
    }

    private final Function<LeadReader.Lead, T> work;
    private final Executor pool;
    private final List<Run> runs = new ArrayList<>();

    /**
     * @param work scores one lead (thread-safe); an {@link InvalidRequestException} is the lead's mistake
     * @param pool where runs are scored while the body is read
     */
    BatchScoring(Function<LeadReader.Lead, T> work, Executor pool) {
        this.work = work;
        this.pool = pool;
    }

    /** Queues a run of leads read from position {@code from} on. */
    void read(int from, List<LeadReader.Lead> leads) {
        Run r = new Run(from, leads);
        runs.add(r);
        pool.execute(r);
    }

    /** Runs not yet taken are not scored (the body was refused). */
    void cancel() {
        runs.forEach(r -> r.taken.set(true));
    }

    /** Each lead's result, in order: scores what is left on this thread and waits for the pool's runs. */
    List<Result<T>> finish(List<LeadReader.Lead> leads) {
        for (int i = runs.size() - 1; i >= 0; i--) {
            runs.get(i).run(); // newest first: the pool takes the oldest
        }
        List<Result<T>> out = new ArrayList<>(Collections.nCopies(leads.size(), null));
        for (Run r : runs) {
            r.await();
            for (int k = 0; k < r.leads.size(); k++) {
                int i = r.from + k;
                if (i < out.size() && leads.get(i) == r.leads.get(k)) {
                    out.set(i, r.results.get(k));
                }
            }
        }
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) == null) {
                out.set(i, score(leads.get(i)));
            }
        }
        return out;
    }

    private Result<T> score(LeadReader.Lead lead) {
        try {
            return new Result<>(work.apply(lead), null);
        } catch (InvalidRequestException e) {
            return new Result<>(null, e);
        }
    }

    /** A run of leads, scored once by whichever thread takes it first. */
    private final class Run implements Runnable {
        final int from;
        final List<LeadReader.Lead> leads;
        final List<Result<T>> results;
        final AtomicBoolean taken = new AtomicBoolean();
        final CountDownLatch done = new CountDownLatch(1);
        volatile RuntimeException failure;

        Run(int from, List<LeadReader.Lead> leads) {
            this.from = from;
            this.leads = leads;
            this.results = new ArrayList<>(leads.size());
        }

        @Override
        public void run() {
            if (!taken.compareAndSet(false, true)) {
                return;
            }
            try {
                for (int k = 0; k < leads.size(); k++) {
                    results.add(score(leads.get(k)));
                }
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                done.countDown();
            }
        }

        void await() {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while scoring a batch", e);
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
