package io.streamplex.embeddings.spec;

import java.util.List;

/** A feature spec that cannot be used; the message lists every problem, each naming its place. */
public final class SpecException extends Exception {

  private final List<String> problems;

  public SpecException(String source, List<String> problems) {
    super(
        "invalid feature spec "
            + source
            + " ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n  - "
            + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
