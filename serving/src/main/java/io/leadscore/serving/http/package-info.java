/**
 * What every route shares: the project's JSON mapper, request bodies read whole within their limit,
 * and the one error shape of every 4xx and 5xx ({@code {"error", "errors": [{"path", "message"}]}}).
 */
package io.leadscore.serving.http;
