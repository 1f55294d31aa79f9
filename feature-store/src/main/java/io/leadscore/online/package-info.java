/**
 * The online store: each lead's newest features, looked up by lead id when the prediction server
 * is asked to score a lead it is only given the id of. {@link io.leadscore.online.FileOnlineStore}
 * is the embedded default (a JSON-lines file the server loads and can reload);
 * {@link io.leadscore.online.RedisOnlineStore} serves several server instances. Both are written
 * by {@code leadscore features materialize}. No Parquet here.
 */
package io.leadscore.online;
