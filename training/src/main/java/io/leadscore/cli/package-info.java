/**
 * The {@code leadscore} command line (picocli): one class per command, exit codes 0 success, 1 internal
 * error, 2 bad input naming file, row and column, 3 a refused promotion. {@code serve} runs in its
 * own JVM on the serving module (bin/leadscore).
 */
package io.leadscore.cli;
