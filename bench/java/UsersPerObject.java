import io.trailwatch.lambda.Handler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Times the handler, in one JVM, on the events named on the command line (event files, one object
 * each), after a warm-up: args = the warm-up event, then label=event pairs, each repeated in turn. Prints
 * the median invoke time per label and the handler's DynamoDbRequests.
 */
public class UsersPerObject {
  public static void main(String[] args) throws Exception {
    Handler handler = Handler.fromEnvironment(System.getenv());
    invoke(handler, Files.readString(Path.of(args[0])));
    List<String> labels = new ArrayList<>();
    List<List<String>> events = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      int at = labels.indexOf(pair[0]);
      if (at < 0) {
        labels.add(pair[0]);
        events.add(new ArrayList<>());
        at = labels.size() - 1;
      }
      events.get(at).add(Files.readString(Path.of(pair[1])));
    }
    for (int l = 0; l < labels.size(); l++) {
      List<Double> ms = new ArrayList<>();
      String last = "";
      for (String event : events.get(l)) {
        long t0 = System.nanoTime();
        last = invoke(handler, event);
        ms.add((System.nanoTime() - t0) / 1e6);
      }
      Collections.sort(ms);
      System.out.printf("%s: median %.0f ms over %d objects (min %.0f, max %.0f); last response %s%n", labels.get(l),
          ms.get(ms.size() / 2), ms.size(), ms.get(0), ms.get(ms.size() - 1), last);
    }
  }

  private static String invoke(Handler handler, String event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
        new io.trailwatch.lambda.LocalContext(line -> { }));
    return out.toString(StandardCharsets.UTF_8).replaceAll(".*\"(DynamoDbRequests\":\\d+).*\"(AlertsPublished\":\\d+).*", "$1 $2");
  }
}
