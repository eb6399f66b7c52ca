package io.streamplex.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Line-by-line reading shared by every dataset reader, so that one malformed line is counted in the
 * {@link ReadReport} with its file and line number and never stops the read.
 *
 * <p>Bytes that are not valid UTF-8 are replaced by U+FFFD rather than failing the whole file; a
 * missing file is an {@link IOException} naming the path.
 */
public final class Lines {
  private Lines() {}

  /** Parses one line; throws {@link MalformedLineException} to reject it. */
  @FunctionalInterface
  public interface LineParser {
    void parse(String line, long lineNumber);
  }

  /**
   * Reads {@code file}, skipping {@code headerLines} lines and blank lines, and calls {@code
   * parser} for every other line with its 1-based line number.
   */
  public static void forEach(Path file, int headerLines, ReadReport report, LineParser parser)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "dataset file not found");
    }
    String name = file.getFileName().toString();
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16)) {
      String line;
      long number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        report.lineRead();
        if (number <= headerLines || line.isBlank()) {
          continue;
        }
        try {
          parser.parse(line, number);
        } catch (MalformedLineException e) {
          report.malformed(name, number, e.getMessage(), line);
        } catch (RuntimeException e) {
          // A parser bug on odd input must still not stop a run; the reason names the exception.
          report.malformed(name, number, e.getClass().getSimpleName(), line);
        }
      }
    }
  }

  /** Splits on a single character, keeping empty fields (unlike {@link String#split}). */
  public static String[] split(String line, char sep) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == sep) {
        out.add(line.substring(start, i));
        start = i + 1;
      }
    }
    out.add(line.substring(start));
    return out.toArray(new String[0]);
  }

  /** {@link #split} that rejects the line unless it has exactly {@code expected} fields. */
  public static String[] split(String line, char sep, int expected) {
    String[] f = split(line, sep);
    if (f.length != expected) {
      throw new MalformedLineException("expected " + expected + " fields");
    }
    return f;
  }

  /**
   * Splits one RFC-4180 CSV line: fields may be quoted, a quote inside is doubled. Records never
   * span lines in the staged files, so a per-line splitter keeps line numbers exact and lets a bad
   * line be reported and skipped without losing sync.
   */
  public static String[] splitCsv(String line, int expected) {
    List<String> out = new ArrayList<>(expected);
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      field.setLength(0);
      if (i < n && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            throw new MalformedLineException("unterminated quoted field");
          }
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < n && line.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
        if (i < n && line.charAt(i) != ',') {
          throw new MalformedLineException("text after closing quote");
        }
      } else {
        while (i < n && line.charAt(i) != ',') {
          char c = line.charAt(i++);
          if (c == '"') {
            throw new MalformedLineException("quote inside unquoted field");
          }
          field.append(c);
        }
      }
      out.add(field.toString());
      if (i >= n) {
        break;
      }
      i++; // the comma
    }
    if (out.size() != expected) {
      throw new MalformedLineException("expected " + expected + " fields");
    }
    return out.toArray(new String[0]);
  }

  /** Parses a non-negative or negative decimal integer field, naming the field on failure. */
  public static long parseLong(String value, String field) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new MalformedLineException(field + " not an integer");
    }
  }

  /** Parses a finite decimal number, naming the field on failure. */
  public static double parseDouble(String value, String field) {
    double d;
    try {
      d = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new MalformedLineException(field + " not a number");
    }
    if (!Double.isFinite(d)) {
      throw new MalformedLineException(field + " not finite");
    }
    return d;
  }

  /** Rejects an empty identifier field. */
  public static String requireId(String value, String field) {
    String v = value.trim();
    if (v.isEmpty()) {
      throw new MalformedLineException(field + " empty");
    }
    return v;
  }
}
