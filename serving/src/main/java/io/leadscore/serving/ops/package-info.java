/** Operations: health and readiness, Prometheus metrics of the server, and the OpenAPI document. */
package io.leadscore.serving.ops;
