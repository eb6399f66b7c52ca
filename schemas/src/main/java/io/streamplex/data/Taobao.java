package io.streamplex.data;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader of the Taobao UserBehavior samples ({@code user_id,item_id,category_id,behavior_type,
 * timestamp}, no header). Behaviour types map pv→VIEW, cart→CART, fav→FAV, buy→BUY; any other type
 * is a malformed line. Value is null, event time = timestamp × 1000, id {@code taobao:FILE:LINE}.
 *
 * <p>{@link #read} merges both files into one stream in time order; equal times keep file order
 * ({@link #TIME_SLICE} first) and then line order. The event model has no category, so the
 * item→category map is returned beside the events (an item's category is fixed in this dataset; a
 * line that contradicts an earlier one is malformed).
 */
public final class Taobao {
  public static final String NAME = "taobao";

  /** 110,300 consecutive rows of the time-sorted file, 2h10m, 66k users. */
  public static final String TIME_SLICE = "UserBehavior_time_slice.csv";

  /** The head of the user-sorted file: 4,321 rows, 43 users' histories. */
  public static final String USER_PREFIX = "UserBehavior_user_prefix.csv";

  private final List<BehaviorEvent> events;
  private final Map<String, String> itemCategory;
  private final ReadReport report;

  private Taobao(List<BehaviorEvent> events, Map<String, String> itemCategory, ReadReport r) {
    this.events = events;
    this.itemCategory = itemCategory;
    this.report = r;
  }

  /** Reads both files. */
  public static Taobao read(Path dir) throws IOException {
    return read(dir, List.of(TIME_SLICE, USER_PREFIX));
  }

  /** Reads the given files of the dataset folder, merged in time order. */
  public static Taobao read(Path dir, List<String> files) throws IOException {
    ReadReport report = new ReadReport();
    List<BehaviorEvent> events = new ArrayList<>();
    Map<String, String> categories = new HashMap<>();
    for (String file : files) {
      Lines.forEach(
          dir.resolve(file),
          0,
          report,
          (line, n) -> {
            String[] f = Lines.split(line, ',', 5);
            String user = Lines.requireId(f[0], "user_id");
            String item = Lines.requireId(f[1], "item_id");
            String category = Lines.requireId(f[2], "category_id");
            BehaviorType type = behaviorType(f[3].trim());
            long seconds = Lines.parseLong(f[4], "timestamp");
            String known = categories.putIfAbsent(item, category);
            if (known != null && !known.equals(category)) {
              throw new MalformedLineException("item category differs from an earlier line");
            }
            events.add(Events.behavior(NAME, file, n, user, item, type, null, seconds * 1000));
            report.recordEmitted();
          });
    }
    Events.sortByTime(events);
    return new Taobao(events, categories, report);
  }

  static BehaviorType behaviorType(String code) {
    return switch (code) {
      case "pv" -> BehaviorType.VIEW;
      case "cart" -> BehaviorType.CART;
      case "fav" -> BehaviorType.FAV;
      case "buy" -> BehaviorType.BUY;
      default -> throw new MalformedLineException("behavior_type not pv|cart|fav|buy");
    };
  }

  public BehaviorLog events() {
    return new BehaviorLog(NAME, events, report);
  }

  /** item_id → category_id of every item read. */
  public Map<String, String> itemCategory() {
    return Collections.unmodifiableMap(itemCategory);
  }

  public ReadReport report() {
    return report;
  }
}
