package io.streamplex.benchmarks.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetChartTest {

  @Test
  void drawsTheLastJsonLineOfARunAsAPng(@TempDir Path dir) throws Exception {
    String json =
        "{\"model\":\"fm\",\"budget\":["
            + "{\"strategy\":\"collisionless\",\"embeddingParams\":56560,\"auc\":{\"mean\":0.86,\"std\":0.002}},"
            + "{\"strategy\":\"hashing\",\"embeddingParams\":7040,\"auc\":{\"mean\":0.80,\"std\":0.004}},"
            + "{\"strategy\":\"unified\",\"embeddingParams\":7056,\"auc\":{\"mean\":0.82,\"std\":0.003}}],"
            + "\"graph\":[{\"strategy\":\"graphhash\",\"embeddingParams\":24112,"
            + "\"auc\":{\"mean\":0.84,\"std\":0.001}}]}";
    Path run = dir.resolve("run.json");
    Files.writeString(run, "progress line\n" + json + "\n");
    Path png = dir.resolve("out/budget.png");
    int code =
        new picocli.CommandLine(new BudgetBench())
            .execute("--from", run.toString(), "--png", png.toString());
    assertEquals(0, code);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(900, img.getWidth());
    assertEquals(560, img.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int x = 0; x < img.getWidth(); x += 3) {
      for (int y = 0; y < img.getHeight(); y += 3) {
        colours.add(img.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 5, "a drawn chart, not a blank image: " + colours.size());
  }
}
