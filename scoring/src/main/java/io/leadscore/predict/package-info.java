/**
 * The lead → answer step every scorer shares: the server's predict routes, the batch
 * {@code leadscore score} command and its Spark executors. {@link io.leadscore.predict.Predictor}
 * turns a lead into a {@link io.leadscore.predict.Prediction}; {@link io.leadscore.predict.InputValues}
 * holds what each input type accepts and the words of every field error;
 * {@link io.leadscore.predict.ReasonJson} writes a reason as the API does.
 */
package io.leadscore.predict;
