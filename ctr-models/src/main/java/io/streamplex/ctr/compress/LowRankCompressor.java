package io.streamplex.ctr.compress;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Atomic Feature Mimicking for one linear layer y = W x + b (W of shape m × n): the principal
 * components U_k of the layer's calibrated outputs turn it into two skinny factors, W₁ = U_kᵀW (k ×
 * n), b₁ = U_kᵀb, W₂ = U_k (m × k), b₂ = (I − U_kU_kᵀ)μ, so that W₂(W₁x + b₁) + b₂ = U_kU_kᵀ(y − μ)
 * + μ: the rank-k PCA projection of the original output. Parameters go from m·n to k·(m + n).
 */
public final class LowRankCompressor {

  private LowRankCompressor() {}

  /** A fixed rank k, or the smallest k whose eigenvalues keep a share of the output variance. */
  public record RankRule(int rank, double retainedVariance) {

    public RankRule {
      if ((rank > 0) == (retainedVariance > 0)) {
        throw new IllegalArgumentException(
            "give either a rank or a retained-variance share, not both nor neither");
      }
      if (retainedVariance > 1) {
        throw new IllegalArgumentException(
            "retained variance must be in (0, 1], was " + retainedVariance);
      }
    }

    public static RankRule ofRank(int k) {
      return new RankRule(k, 0);
    }

    public static RankRule ofVariance(double share) {
      return new RankRule(0, share);
    }

    /** Parses "64" as a rank and "0.99" (a fraction) as a retained-variance share. */
    public static RankRule parse(String s) {
      return s.contains(".") ? ofVariance(Double.parseDouble(s)) : ofRank(Integer.parseInt(s));
    }

    @Override
    public String toString() {
      return rank > 0 ? "rank " + rank : "variance " + retainedVariance;
    }
  }

  /**
   * The two factors, row-major out × in as {@code nn.Linear}, and the share of the output variance
   * the kept components carry.
   */
  public record Factors(
      int in,
      int out,
      int rank,
      float[] w1,
      float[] b1,
      float[] w2,
      float[] b2,
      double retainedVariance) {

    public long parameterCount() {
      return (long) rank * (in + out) + rank + out;
    }
  }

  /**
   * Compresses y = W x + b.
   *
   * @param weight W, out × in row-major
   * @param bias b (length out), or null for a layer without bias
   */
  public static Factors compress(
      float[] weight, float[] bias, int out, int in, Calibration calibration, RankRule rule) {
    if (calibration.dim() != out) {
      throw new IllegalArgumentException(
          "calibration of width " + calibration.dim() + " for a layer with " + out + " outputs");
    }
    if (weight.length != out * in || (bias != null && bias.length != out)) {
      throw new IllegalArgumentException(
          "weight of "
              + weight.length
              + " values / bias of "
              + (bias == null ? 0 : bias.length)
              + " do not match a layer "
              + out
              + " × "
              + in);
    }
    double[] mu = calibration.mean();
    DMatrixRMaj c = calibration.covariance();
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(out, true, true);
    if (!eig.decompose(c)) {
      throw new IllegalStateException("eigen-decomposition of the output covariance failed");
    }
    double[] values = new double[out];
    double total = 0;
    for (int i = 0; i < out; i++) {
      // Round-off can leave tiny negative eigenvalues on a positive semi-definite matrix.
      values[i] = Math.max(0, eig.getEigenvalue(i).getReal());
      total += values[i];
    }
    Integer[] order =
        IntStream.range(0, out)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> -values[i]))
            .toArray(Integer[]::new);
    int k = chooseRank(rule, values, order, total);
    double kept = 0;
    double[][] u = new double[k][];
    for (int j = 0; j < k; j++) {
      kept += values[order[j]];
      u[j] = eig.getEigenVector(order[j]).data.clone();
    }

    float[] w1 = new float[k * in];
    float[] b1 = new float[k];
    float[] w2 = new float[out * k];
    float[] b2 = new float[out];
    double[] projectedMu = new double[k];
    for (int j = 0; j < k; j++) {
      double[] uj = u[j];
      double[] row = new double[in];
      double bj = 0;
      double mj = 0;
      for (int r = 0; r < out; r++) {
        double ur = uj[r];
        if (ur != 0) {
          int off = r * in;
          for (int col = 0; col < in; col++) {
            row[col] += ur * weight[off + col];
          }
          bj += bias == null ? 0 : ur * bias[r];
          mj += ur * mu[r];
        }
        w2[r * k + j] = (float) ur;
      }
      for (int col = 0; col < in; col++) {
        w1[j * in + col] = (float) row[col];
      }
      b1[j] = (float) bj;
      projectedMu[j] = mj;
    }
    for (int r = 0; r < out; r++) {
      double v = mu[r];
      for (int j = 0; j < k; j++) {
        v -= u[j][r] * projectedMu[j];
      }
      b2[r] = (float) v;
    }
    return new Factors(in, out, k, w1, b1, w2, b2, total > 0 ? kept / total : 1);
  }

  private static int chooseRank(RankRule rule, double[] values, Integer[] order, double total) {
    int m = values.length;
    if (rule.rank() > 0) {
      if (rule.rank() > m) {
        throw new IllegalArgumentException("rank " + rule.rank() + " exceeds the layer width " + m);
      }
      return rule.rank();
    }
    double kept = 0;
    for (int k = 1; k <= m; k++) {
      kept += values[order[k - 1]];
      if (total == 0 || kept >= rule.retainedVariance() * total) {
        return k;
      }
    }
    return m;
  }

  /** The eigenvalues of a calibration's covariance, largest first (for reports and tests). */
  public static double[] spectrum(Calibration calibration) {
    EigenDecomposition_F64<DMatrixRMaj> eig =
        DecompositionFactory_DDRM.eig(calibration.dim(), false, true);
    if (!eig.decompose(calibration.covariance())) {
      throw new IllegalStateException("eigen-decomposition of the output covariance failed");
    }
    double[] v = new double[calibration.dim()];
    for (int i = 0; i < v.length; i++) {
      v[i] = eig.getEigenvalue(i).getReal();
    }
    Arrays.sort(v);
    for (int i = 0; i < v.length / 2; i++) {
      double t = v[i];
      v[i] = v[v.length - 1 - i];
      v[v.length - 1 - i] = t;
    }
    return v;
  }
}
