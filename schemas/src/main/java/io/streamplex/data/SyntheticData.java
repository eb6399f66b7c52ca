package io.streamplex.data;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.Candidate;
import io.streamplex.schema.Feedback;
import io.streamplex.schema.Impression;
import io.streamplex.schema.TrainingExample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The output of {@link SyntheticGenerator}: behaviour events, the labelled CTR view, the true click
 * probability of every example, and the AUCs that bound what a model can reach.
 *
 * <p>{@code trueProbability(i)} belongs to {@code ctr().examples().get(i)}. Examples of one
 * impression share its request id ({@code synthetic:USER:impN}); {@link #impressions()} gives the
 * impressions with all their candidates, and {@link #feedback()} one label per candidate.
 */
public final class SyntheticData {
  /** One candidate shown to a user, with its truth, as drawn. */
  record Shown(
      int user,
      int impression,
      int candidate,
      int item,
      long at,
      int history,
      double truth,
      double staticTruth,
      boolean label) {}

  private final SyntheticGenerator.Config config;
  private final List<SyntheticGenerator.UserProfile> users;
  private final int[] itemCluster;
  private final BehaviorLog events;
  private final CtrDataset ctr;
  private final List<Shown> shown;
  private final double oracleAuc;
  private final double staticOracleAuc;

  private SyntheticData(
      SyntheticGenerator.Config config,
      List<SyntheticGenerator.UserProfile> users,
      int[] itemCluster,
      BehaviorLog events,
      CtrDataset ctr,
      List<Shown> shown) {
    this.config = config;
    this.users = List.copyOf(users);
    this.itemCluster = itemCluster;
    this.events = events;
    this.ctr = ctr;
    this.shown = shown;
    boolean[] labels = new boolean[shown.size()];
    double[] truth = new double[shown.size()];
    double[] staticTruth = new double[shown.size()];
    for (int i = 0; i < shown.size(); i++) {
      labels[i] = shown.get(i).label();
      truth[i] = shown.get(i).truth();
      staticTruth[i] = shown.get(i).staticTruth();
    }
    this.oracleAuc = Auc.exact(truth, labels);
    this.staticOracleAuc = Auc.exact(staticTruth, labels);
  }

  static SyntheticData assemble(
      SyntheticGenerator.Config c,
      List<SyntheticGenerator.UserProfile> users,
      int[] itemCluster,
      List<BehaviorEvent> events,
      List<Shown> shown) {
    // stable sorts: equal times keep user, then sequence / impression / candidate order
    events.sort(Comparator.comparing(BehaviorEvent::getEventTime));
    List<Shown> ordered = new ArrayList<>(shown);
    ordered.sort(Comparator.comparingLong(Shown::at));
    ReadReport ctrReport = new ReadReport();
    List<TrainingExample> examples = new ArrayList<>(ordered.size());
    for (Shown s : ordered) {
      SyntheticGenerator.UserProfile p = users.get(s.user());
      examples.add(
          Examples.labelled(
              requestId(p, s),
              p.userId(),
              SyntheticGenerator.itemId(s.item()),
              s.at(),
              SyntheticGenerator.features(p, s.item(), itemCluster[s.item()]),
              s.label(),
              s.at() + 1));
      ctrReport.recordEmitted();
    }
    ReadReport eventReport = new ReadReport();
    for (int i = 0; i < events.size(); i++) {
      eventReport.recordEmitted();
    }
    return new SyntheticData(
        c,
        users,
        itemCluster,
        new BehaviorLog(SyntheticGenerator.NAME, events, eventReport),
        new CtrDataset(SyntheticGenerator.NAME, SyntheticGenerator.CTR_FIELDS, examples, ctrReport),
        ordered);
  }

  private static String requestId(SyntheticGenerator.UserProfile p, Shown s) {
    return SyntheticGenerator.NAME + ":" + p.userId() + ":imp" + s.impression();
  }

  public SyntheticGenerator.Config config() {
    return config;
  }

  /** The planted interests, weights and bias of each user, by user index ({@code u<index>}). */
  public List<SyntheticGenerator.UserProfile> users() {
    return users;
  }

  /** Cluster of item {@code i<index>}. */
  public int clusterOf(int item) {
    return itemCluster[item];
  }

  /** Latent interest of item {@code i<index>}. */
  public int interestOf(int item) {
    return itemCluster[item] % config.interests();
  }

  /** All behaviours, in time order. */
  public BehaviorLog events() {
    return events;
  }

  /** The labelled CTR view in time order; labels are Bernoulli draws of the true probability. */
  public CtrDataset ctr() {
    return ctr;
  }

  /** The true click probability of {@code ctr().examples().get(i)}. */
  public double trueProbability(int i) {
    return shown.get(i).truth();
  }

  /** All true click probabilities, aligned with {@code ctr().examples()}. */
  public double[] trueProbabilities() {
    return shown.stream().mapToDouble(Shown::truth).toArray();
  }

  /** How many of the user's behaviours precede example {@code i} (its sequence prefix length). */
  public int historyLength(int i) {
    return shown.get(i).history();
  }

  /** The AUC of the true probability against the sampled labels: the best any model can reach. */
  public double oracleAuc() {
    return oracleAuc;
  }

  /**
   * The AUC of the ground truth with the recent-sequence share replaced by its long-run
   * expectation: about the best a model that does not read the behaviour sequence can reach. The
   * gap to {@link #oracleAuc()} is what a sequence model (SDIM, target attention) can add.
   */
  public double staticOracleAuc() {
    return staticOracleAuc;
  }

  /**
   * The impressions, in time order, each with all its candidates: user fields in {@code
   * user_features}, item fields in each candidate.
   */
  public List<Impression> impressions() {
    List<Impression> out = new ArrayList<>();
    List<TrainingExample> ex = ctr.examples();
    int i = 0;
    while (i < ex.size()) {
      Impression first = Examples.toImpression(ex.get(i), ctr.fields());
      List<Candidate> candidates = new ArrayList<>(first.getCandidates());
      int j = i + 1;
      while (j < ex.size() && ex.get(j).getRequestId().equals(first.getRequestId())) {
        candidates.addAll(Examples.toImpression(ex.get(j), ctr.fields()).getCandidates());
        j++;
      }
      first.setCandidates(candidates);
      out.add(first);
      i = j;
    }
    return out;
  }

  /** One feedback per example, in example order. */
  public List<Feedback> feedback() {
    return ctr.examples().stream().map(Examples::toFeedback).toList();
  }
}
