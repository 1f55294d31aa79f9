/**
 * The predict routes: where a lead is read ({@link io.leadscore.serving.predict.LeadReader}, one
 * streaming pass for single and batch requests alike), where its features come from
 * ({@link io.leadscore.serving.predict.FeatureResolver}: its fields, its raw data, or the online
 * store), how it is scored ({@link io.leadscore.serving.predict.LeadScorer}, or before there is a
 * model the point table alone: {@link io.leadscore.serving.predict.RulesOnlyScorer}) and answered
 * ({@link io.leadscore.serving.predict.PredictionAnswer}).
 */
package io.leadscore.serving.predict;
