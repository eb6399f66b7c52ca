package io.streamplex.ctr.train;

import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.layers.Param;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.ctr.optim.Optimizer;
import io.streamplex.ctr.optim.OptimizerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Mini-batch training with early stopping on validation AUC: after each epoch the model is
 * evaluated on the validation split; training stops after {@code patience} epochs without a new
 * best, and the best epoch's parameters are restored.
 *
 * <p>Deterministic for a seed and a thread count: the epoch order comes from the seed, and with
 * several threads each takes a fixed slice of every mini-batch in its own replica; the replicas'
 * gradients are then summed in replica order before one optimizer step.
 */
public final class Trainer {

  /** What one epoch did. */
  public record Epoch(
      int epoch, double trainLoss, double validAuc, double validLogloss, double seconds) {}

  /** The trained model (at its best epoch) and its history. */
  public record Result(
      CtrModel model, List<Epoch> history, int bestEpoch, double examplesPerSecond) {

    public Epoch best() {
      return history.get(bestEpoch - 1);
    }
  }

  private final ModelConfig config;
  private Consumer<Epoch> listener = e -> {};

  public Trainer(ModelConfig config) {
    if (config.batchSize < 1 || config.threads < 1 || config.maxEpochs < 1) {
      throw new IllegalArgumentException(
          "batchSize, threads and maxEpochs must be positive: "
              + config.batchSize
              + ", "
              + config.threads
              + ", "
              + config.maxEpochs);
    }
    this.config = config;
  }

  /** Receives each epoch's figures as it ends (progress output). */
  public Trainer onEpoch(Consumer<Epoch> listener) {
    this.listener = listener;
    return this;
  }

  public Result fit(EncodedData train, EncodedData valid) {
    int slice = (config.batchSize + config.threads - 1) / config.threads;
    return fit(train, valid, CtrModel.create(config, train.schema, slice));
  }

  /**
   * Continues training from a given model (a short fine-tune, e.g. after compression); its maximum
   * batch must hold one thread's slice of a mini-batch.
   */
  public Result fit(EncodedData train, EncodedData valid, CtrModel model) {
    int threads = config.threads;
    int batchSize = config.batchSize;
    int slice = (batchSize + threads - 1) / threads;
    if (model.maxBatch() < slice) {
      throw new IllegalArgumentException(
          "model takes batches of " + model.maxBatch() + " but training needs " + slice);
    }
    CtrModel[] replicas = new CtrModel[threads];
    replicas[0] = model;
    for (int t = 1; t < threads; t++) {
      replicas[t] = model.replica();
    }
    List<List<Param>> replicaParams = new ArrayList<>();
    for (CtrModel r : replicas) {
      replicaParams.add(r.params());
    }
    List<Param> params = model.params();
    Optimizer dense = config.optimizer.create();
    OptimizerConfig ec = config.embeddingOptimizer != null ? config.embeddingOptimizer : null;
    Optimizer tables = ec != null ? ec.create() : dense;

    ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1) : null;
    try {
      int[] order = new int[train.size];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      SplittableRandom shuffle = new SplittableRandom(config.seed ^ 0x5DEECE66DL);
      List<Epoch> history = new ArrayList<>();
      float[][] best = null;
      double bestAuc = Double.NEGATIVE_INFINITY;
      int bestEpoch = 0;
      long trainNanos = 0;
      long trained = 0;
      for (int epoch = 1; epoch <= config.maxEpochs; epoch++) {
        long start = System.nanoTime();
        shuffle(order, shuffle);
        double loss = 0;
        for (int from = 0; from < order.length; from += batchSize) {
          int batch = Math.min(batchSize, order.length - from);
          for (List<Param> ps : replicaParams) {
            for (Param p : ps) {
              p.zeroGrad();
            }
          }
          loss += runBatch(replicas, pool, train, order, from, batch, slice);
          for (int t = 1; t < threads; t++) {
            List<Param> rp = replicaParams.get(t);
            for (int i = 0; i < params.size(); i++) {
              params.get(i).addGradFrom(rp.get(i));
            }
          }
          dense.beginStep();
          if (tables != dense) {
            tables.beginStep();
          }
          for (Param p : params) {
            if (p.embedding) {
              tables.update(p, config.embeddingL2);
            } else {
              dense.update(p, 0);
            }
          }
        }
        long elapsed = System.nanoTime() - start;
        trainNanos += elapsed;
        trained += train.size;
        Evaluation v = Evaluation.of(model, valid);
        Epoch e =
            new Epoch(
                epoch, loss / train.size, v.auc(), v.logloss(), (System.nanoTime() - start) / 1e9);
        history.add(e);
        listener.accept(e);
        if (!Double.isFinite(loss)) {
          throw new IllegalStateException("training diverged at epoch " + epoch + ": loss " + loss);
        }
        if (v.auc() > bestAuc) {
          bestAuc = v.auc();
          bestEpoch = epoch;
          best = snapshot(params);
        } else if (epoch - bestEpoch >= config.patience) {
          break;
        }
      }
      restore(params, best);
      return new Result(model, history, bestEpoch, trained / (trainNanos / 1e9));
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private static double runBatch(
      CtrModel[] replicas,
      ExecutorService pool,
      EncodedData train,
      int[] order,
      int from,
      int batch,
      int slice) {
    int threads = replicas.length;
    if (threads == 1) {
      replicas[0].forward(train, order, from, batch, true);
      return replicas[0].backward(train, order, from, batch);
    }
    List<Future<Double>> futures = new ArrayList<>();
    for (int t = 1; t < threads; t++) {
      CtrModel r = replicas[t];
      int f = from + t * slice;
      int n = Math.max(0, Math.min(slice, batch - t * slice));
      futures.add(pool.submit(() -> n == 0 ? 0.0 : part(r, train, order, f, n, batch)));
    }
    double loss = part(replicas[0], train, order, from, Math.min(slice, batch), batch);
    try {
      for (Future<Double> fu : futures) {
        loss += fu.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("a training thread failed", e);
    }
    return loss;
  }

  private static double part(
      CtrModel model, EncodedData data, int[] order, int from, int n, int batch) {
    model.forward(data, order, from, n, true);
    return model.backward(data, order, from, batch);
  }

  private static void shuffle(int[] a, SplittableRandom r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static float[][] snapshot(List<Param> params) {
    float[][] s = new float[params.size()][];
    for (int i = 0; i < s.length; i++) {
      s[i] = params.get(i).w.clone();
    }
    return s;
  }

  private static void restore(List<Param> params, float[][] s) {
    for (int i = 0; i < s.length; i++) {
      System.arraycopy(s[i], 0, params.get(i).w, 0, s[i].length);
    }
  }
}
