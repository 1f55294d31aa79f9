/** Operations: Prometheus metrics of the server. */
package io.leadscore.serving.ops;
