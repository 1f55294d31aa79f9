/**
 * The synthetic lead history behind {@code leadscore generate}: leads and their events, deterministic
 * per seed, with a hidden ground truth the point table ranks reasonably but not best.
 */
package io.leadscore.synthetic;
