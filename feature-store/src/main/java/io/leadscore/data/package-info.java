/**
 * Tables in: CSV (Commons CSV) and Parquet files, typed by inspection into one columnar
 * {@link io.leadscore.data.Table}; {@link io.leadscore.data.TableReader} is where a file of leads is
 * read. Errors name the file, row and column ({@link io.leadscore.data.DataException}); files are
 * written atomically ({@link io.leadscore.data.AtomicFiles}). Parquet is optional here, so that
 * modules which only read CSV or JSON stay free of it.
 */
package io.leadscore.data;
