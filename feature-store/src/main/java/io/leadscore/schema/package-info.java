/**
 * The canonical lead schema: every field of a lead, its type and meaning
 * ({@link io.leadscore.schema.LeadField}).
 */
package io.leadscore.schema;
