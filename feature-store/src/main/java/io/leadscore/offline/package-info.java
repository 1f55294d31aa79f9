/**
 * The offline store: the event log and lead snapshots in Parquet, streamed lead by lead into a
 * point-in-time-correct training set ({@link io.leadscore.offline.OfflineFeatureBuild}). Uses
 * Parquet (an optional dependency of this module): serving never loads these classes.
 */
package io.leadscore.offline;
