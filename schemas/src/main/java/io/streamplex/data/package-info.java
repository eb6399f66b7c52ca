/**
 * Readers that turn the staged real datasets ({@code ../shared/datasets}, found by {@link
 * io.streamplex.data.DatasetPaths}) and the {@link io.streamplex.data.SyntheticGenerator} into the
 * event model: {@link io.streamplex.schema.BehaviorEvent}s in time order, and labelled CTR views
 * ({@link io.streamplex.data.CtrDataset} of {@link io.streamplex.schema.TrainingExample}s) that
 * {@link io.streamplex.data.Examples} turns into impressions with feedback for replay.
 *
 * <p>Rules shared by every reader: a malformed line is counted in the {@link
 * io.streamplex.data.ReadReport} with its file, line and reason, and never stops the read; a
 * missing value is a {@link io.streamplex.schema.Feature} with no values and no number; star
 * ratings become labels by {@link io.streamplex.data.RatingLabel} (≥ 4 true, ≤ 2 false, between
 * dropped). Look datasets up by name in {@link io.streamplex.data.Datasets}.
 */
package io.streamplex.data;
