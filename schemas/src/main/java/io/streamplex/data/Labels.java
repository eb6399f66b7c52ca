package io.streamplex.data;

/** Parsing of 0/1 click labels, shared by the CTR readers. */
final class Labels {
  private Labels() {}

  /** "1" → true, "0" → false; anything else rejects the line. */
  static boolean binary(String value, String field) {
    return switch (value.trim()) {
      case "1" -> true;
      case "0" -> false;
      default -> throw new MalformedLineException(field + " not 0/1");
    };
  }
}
