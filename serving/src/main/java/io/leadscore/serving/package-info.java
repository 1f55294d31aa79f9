/**
 * The prediction server: {@link io.leadscore.serving.ServeCommand} ({@code leadscore serve}) builds
 * a {@link io.leadscore.serving.ServerConfig} and starts a {@link io.leadscore.serving.LeadscoreServer},
 * which assembles the route groups of the sub-packages: {@code predict} (where a lead is read and
 * scored), {@code outcomes}, {@code lifecycle} (models, reloads, swaps), {@code dashboard},
 * {@code ops} (health, metrics, OpenAPI); {@code http} holds what they share (JSON, bodies, errors)
 * and {@code security} the API keys.
 */
package io.leadscore.serving;
