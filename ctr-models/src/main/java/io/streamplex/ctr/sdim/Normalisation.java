package io.streamplex.ctr.sdim;

/**
 * How SDIM normalises a gathered bucket sum before the m signatures are averaged. The paper says
 * ℓ2; FuxiCTR makes ℓ2 an option that is off by default; count gives the bucket's mean.
 */
public enum Normalisation {
  /** sum / ‖sum‖₂ (a zero sum stays zero). */
  L2,
  /** sum / count: the mean embedding of the behaviours in the bucket. */
  COUNT,
  /** the raw sum. */
  NONE
}
