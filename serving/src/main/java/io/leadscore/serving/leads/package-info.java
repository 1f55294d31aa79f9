/** A lead's score history read back from the prediction log: {@code GET /v1/leads/{lead_id}/scores}. */
package io.leadscore.serving.leads;
