/**
 * Tier-change webhooks: the Standard Webhooks signature ({@link io.leadscore.serving.webhooks.WebhookSecret}),
 * the endpoints and retry settings ({@link io.leadscore.serving.webhooks.WebhookSettings},
 * {@link io.leadscore.serving.webhooks.RetrySchedule}), the dispatcher that delivers the feedback
 * store's outbox off the request path ({@link io.leadscore.serving.webhooks.WebhookDispatcher}) and
 * the admin routes that list and redeliver ({@link io.leadscore.serving.webhooks.WebhooksHandler}).
 * The events themselves are found and written by the feedback store, in the transaction that logs
 * the prediction.
 */
package io.leadscore.serving.webhooks;
