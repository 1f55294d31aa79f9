/**
 * The feedback loop: every prediction (with the bin of each model input, never its value) and every
 * reported outcome, kept so that they can be joined for retraining, for live AUC and for drift per
 * field ({@link io.leadscore.feedback.LiveFigures}).
 * <p>
 * One store, two databases, chosen by the location given to
 * {@link io.leadscore.feedback.FeedbackStore#open(String)}: a file path is an embedded SQLite file
 * (zero set-up, one server); {@code postgresql://HOST:PORT/DB} is a PostgreSQL database that
 * several servers share. It is one implementation over a {@code Dialect} object rather than an
 * interface with two implementations, because the two differ only in a handful of SQL fragments
 * (time types, JSON functions, the day of a time) and pool settings: the tables, the queries, the
 * exactly-once outcome insert, the background writer and its buffering are the same code, so the
 * two cannot drift apart and one contract test runs on both.
 * <p>
 * Tables ({@code prediction_log}, {@code outcomes}) are plain rows that a data scientist can query
 * with SQL; Flyway creates and migrates them (per-dialect migrations under
 * {@code db/migration/}), and moves files of earlier releases (binary chunks, or the first
 * release's row table) to them without losing a row. While the database cannot be reached,
 * logging never blocks (predictions wait in memory up to a bound, then are dropped and counted),
 * outcome writes throw {@link io.leadscore.feedback.StoreUnavailableException}, and
 * {@link io.leadscore.feedback.FeedbackStore#health()} says what is degraded; HikariCP reconnects
 * when it is back.
 */
package io.leadscore.feedback;
