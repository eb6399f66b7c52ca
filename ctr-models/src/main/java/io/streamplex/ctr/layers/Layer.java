package io.streamplex.ctr.layers;

/**
 * A differentiable block over a mini-batch of row vectors, batch-major: row b of the input starts
 * at b·inDim. Buffers are allocated once for the largest batch and reused, so the returned arrays
 * belong to the layer and stay valid until its next call. Backward must follow the forward of the
 * same batch; it accumulates parameter gradients (callers reset them) and returns the gradient with
 * respect to the input.
 */
public interface Layer {

  int inDim();

  int outDim();

  float[] forward(float[] x, int batch, boolean training);

  float[] backward(float[] dy, int batch);
}
