/**
 * Model lifecycle: loading a model directory, validating it (it loads, scores a canary set,
 * accepts what the CRM already sends) and swapping it in atomically, or refusing it while the old
 * model keeps serving; a champion and an optional challenger scored in shadow.
 */
package io.leadscore.serving.lifecycle;
