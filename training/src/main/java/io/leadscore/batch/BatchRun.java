package io.leadscore.batch;

import io.leadscore.data.DataException;
import io.leadscore.predict.Predictor;
import io.leadscore.training.ProgressBars;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;

/**
 * {@code leadscore score} on one machine: streams the input in chunks, loads, scores and encodes
 * them for the output on every core ({@link ChunkScorer}, {@link ScoreWriter#encode}), and appends
 * the results in input order from one thread. At most
 * {@code threads + 1} chunks are in memory at a time, whatever the file's size. The output and
 * the rejects go to temporary files moved into place only when the whole input was scored; a file
 * problem ({@link DataException}) leaves nothing behind.
 */
public final class BatchRun {
    private BatchRun() {
    }

    /**
     * What to score.
     *
     * @param data the leads (CSV, Parquet file or directory)
     * @param out the output ({@code .parquet} or {@code .csv})
     * @param predictor the model and rules
     * @param idColumn the column identifying each lead
     * @param previous a previous output to write only the changes against, or null
     * @param scoredAt the instant written as {@code scored_at} (epoch milliseconds)
     * @param threads the scoring threads
     */
    public record Options(Path data, Path out, Predictor predictor, String idColumn, PreviousScores previous, long scoredAt, int threads) {
    }

    /**
     * What a run did.
     *
     * @param rows input rows
     * @param scored rows scored
     * @param rejected rows rejected (in the rejects file)
     * @param written leads written (fewer than scored with {@code --changed-since})
     * @param seconds wall time
     * @param rejects the rejects file, or null when there were none
     */
    public record Summary(long rows, long scored, long rejected, long written, double seconds, Path rejects) {
        /** Input rows per second. */
        public double leadsPerSecond() {
            return rows / Math.max(seconds, 1e-9);
        }
    }

    public static Summary run(Options o) {
        long start = System.nanoTime();
        Predictor p = o.predictor();
        OutputColumns columns = new OutputColumns(o.idColumn(), p.rules() != null, p.model().card().modelName(),
                p.model().card().modelVersion(), o.scoredAt(), p.models().column() != null);
        ScoreInputs inputs = new ScoreInputs(p, o.idColumn());
        try (LeadSource source = LeadSources.open(o.data(), inputs);
             ScoreWriter<?> writer = ScoreWriter.create(o.out(), columns)) {
            return run(o, inputs, source, writer, start);
        }
    }

    /** A chunk scored and encoded for the output. */
    private record Done<E>(ScoredChunk scored, E encoded) {
    }

    private static <E> Summary run(Options o, ScoreInputs inputs, LeadSource source, ScoreWriter<E> writer, long start) {
        ChunkScorer scorer = new ChunkScorer(o.predictor(), inputs, o.previous());
        int threads = Math.max(1, o.threads());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "score");
            t.setDaemon(true);
            return t;
        });
        long rows = 0;
        long rejected = 0;
        long written = 0;
        try (RejectsWriter rejects = new RejectsWriter(o.out(), o.idColumn());
             ProgressBar bar = ProgressBars.start("score", source.rows(), "leads")) {
            ArrayDeque<Future<Done<E>>> inFlight = new ArrayDeque<>();
            boolean more = true;
            while (true) {
                // one chunk read ahead of the scoring threads keeps them busy: more only adds live
                // chunks for the collector to copy (bench/score: 5 in flight were 8% slower than 3 with reasons)
                while (more && inFlight.size() < threads + 1) {
                    LeadSource.Chunk c = source.next();
                    if (c == null) {
                        more = false;
                    } else {
                        inFlight.add(pool.submit(() -> {
                            ScoredChunk scored = scorer.score(c.load(), c.firstRow());
                            return new Done<>(scored, writer.encode(scored));
                        }));
                    }
                }
                if (inFlight.isEmpty()) {
                    break;
                }
                Done<E> done = get(inFlight.poll());
                writer.append(done.encoded());
                done.scored().rejects().forEach(rejects::write);
                rows += done.scored().rows();
                rejected += done.scored().rejects().size();
                written += done.scored().kept();
                bar.stepBy(done.scored().rows());
            }
            if (rows == 0) {
                throw new DataException(source.file(), "no data rows");
            }
            writer.commit();
            rejects.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Summary(rows, rows - rejected, rejected, written, seconds, rejected == 0 ? null : rejects.path());
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
