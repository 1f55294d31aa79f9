/**
 * Batch scoring of a whole lead base ({@code leadscore score}): leads streamed from CSV or Parquet in
 * chunks ({@link io.leadscore.batch.LeadSource}), checked and scored on all cores by the scoring core
 * the server uses ({@link io.leadscore.batch.ChunkScorer}), written in input order to a temporary
 * file moved into place at the end ({@link io.leadscore.batch.ScoreWriter}), bad rows to a rejects
 * file ({@link io.leadscore.batch.RejectsWriter}); {@link io.leadscore.batch.BatchRun} drives it.
 */
package io.leadscore.batch;
