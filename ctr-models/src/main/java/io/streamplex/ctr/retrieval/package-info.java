/**
 * Retrieval with hashed or clustered ID embeddings: GraphHash's main experiment (Wu et al., WWW
 * 2025). {@link io.streamplex.ctr.retrieval.MfBpr} is matrix factorisation with the BPR loss whose
 * user and item embeddings come through any {@link
 * io.streamplex.embeddings.strategy.EmbeddingStrategy}; {@link
 * io.streamplex.ctr.retrieval.BprTrainer} trains it with early stopping on validation Recall@k;
 * {@link io.streamplex.ctr.retrieval.RetrievalEvaluator} ranks the full catalog; {@link
 * io.streamplex.ctr.retrieval.RetrievalStrategies} builds collisionless, modulo, hashing,
 * frequency, GraphHash and DoubleGraphHash from the training split only, every compressed one at
 * GraphHash's row counts. Protocol and measured figures: {@code ctr-models/RETRIEVAL.md}.
 */
package io.streamplex.ctr.retrieval;
