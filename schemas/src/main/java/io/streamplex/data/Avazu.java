package io.streamplex.data;

import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader of the Avazu sample ({@code small3.train.csv}: header, then {@code id, click, hour, C1,
 * banner_pos, site_*, app_*, device_*, C14..C21}) as a CTR view.
 *
 * <ul>
 *   <li>click 1 → true, 0 → false. Every other column is {@code CATEGORICAL} except {@code id},
 *       which is unique per row and so carries no signal: it becomes the request and item id.
 *   <li>{@code hour} (YYMMDDHH, UTC) stays a categorical field and also gives {@code hour_of_day}
 *       (HH) and the event time (the start of that hour). A malformed hour rejects the line.
 *   <li>User id, as in the 4 Idiots' winning solution: {@code device_id}, or {@code
 *       ip:DEVICE_IP/DEVICE_MODEL} when {@code device_id} is the shared placeholder {@value
 *       #ANONYMOUS_DEVICE}. Sides: device fields USER, C14..C21 (ad-side) ITEM, the rest CONTEXT.
 *   <li>An empty field is missing.
 * </ul>
 */
public final class Avazu {
  public static final String NAME = "avazu-10k";
  public static final String FILE = "small3.train.csv";
  public static final String ANONYMOUS_DEVICE = "a99f214a";

  static final String HEADER =
      "id,click,hour,C1,banner_pos,site_id,site_domain,site_category,app_id,app_domain,"
          + "app_category,device_id,device_ip,device_model,device_type,device_conn_type,"
          + "C14,C15,C16,C17,C18,C19,C20,C21";
  private static final String[] COLUMNS = HEADER.split(",");

  /** hour, hour_of_day, then the columns after hour in file order. */
  public static final List<FieldSpec> CTR_FIELDS = fields();

  private Avazu() {}

  private static List<FieldSpec> fields() {
    List<FieldSpec> f = new ArrayList<>();
    f.add(FieldSpec.categorical("hour", FieldSpec.Side.CONTEXT));
    f.add(FieldSpec.categorical("hour_of_day", FieldSpec.Side.CONTEXT));
    for (int i = 3; i < COLUMNS.length; i++) {
      f.add(FieldSpec.categorical(COLUMNS[i], side(COLUMNS[i])));
    }
    return List.copyOf(f);
  }

  private static FieldSpec.Side side(String column) {
    if (column.startsWith("device_")) {
      return FieldSpec.Side.USER;
    }
    if (column.matches("C(1[4-9]|2[01])")) {
      return FieldSpec.Side.ITEM;
    }
    return FieldSpec.Side.CONTEXT;
  }

  public static CtrDataset read(Path dir) throws IOException {
    ReadReport report = new ReadReport();
    List<TrainingExample> out = new ArrayList<>(10_000);
    Lines.forEach(
        dir.resolve(FILE),
        0,
        report,
        (line, n) -> {
          if (n == 1) {
            if (!line.trim().equals(HEADER)) {
              throw new MalformedLineException("header is not the Avazu header");
            }
            return;
          }
          String[] f = Lines.split(line, ',', COLUMNS.length);
          String id = Lines.requireId(f[0], "id");
          boolean click = Labels.binary(f[1], "click");
          String hour = f[2].trim();
          long time = hourStartMillis(hour);
          List<Feature> features = new ArrayList<>(COLUMNS.length);
          features.add(Features.categorical("hour", hour));
          features.add(Features.categorical("hour_of_day", hour.substring(6, 8)));
          for (int i = 3; i < COLUMNS.length; i++) {
            features.add(Features.categorical(COLUMNS[i], f[i].trim()));
          }
          String deviceId = f[11].trim();
          String user =
              deviceId.isEmpty() || deviceId.equals(ANONYMOUS_DEVICE)
                  ? "ip:" + f[12].trim() + "/" + f[13].trim()
                  : deviceId;
          out.add(Examples.labelled(Events.id(NAME, FILE, n), user, id, time, features, click));
          report.recordEmitted();
        });
    return new CtrDataset(NAME, CTR_FIELDS, out, report);
  }

  /** Start of hour {@code YYMMDDHH} (UTC, 20YY) in epoch millis. */
  static long hourStartMillis(String hour) {
    if (!hour.matches("\\d{8}")) {
      throw new MalformedLineException("hour not YYMMDDHH");
    }
    try {
      return LocalDateTime.of(
              2000 + Integer.parseInt(hour.substring(0, 2)),
              Integer.parseInt(hour.substring(2, 4)),
              Integer.parseInt(hour.substring(4, 6)),
              Integer.parseInt(hour.substring(6, 8)),
              0)
          .toInstant(ZoneOffset.UTC)
          .toEpochMilli();
    } catch (java.time.DateTimeException e) {
      throw new MalformedLineException("hour not YYMMDDHH");
    }
  }
}
