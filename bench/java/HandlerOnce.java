import io.trailwatch.lambda.Handler;
import io.trailwatch.lambda.LocalContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The function's cold path as Lambda's runtime drives it, without the command line in front: the
 * runtime's constructor (configuration from the environment), then one handleRequest on an event file;
 * the response on stdout. What `trailwatch invoke` does minus picocli.
 * usage: java -cp trailwatch.jar:CLASSES HandlerOnce EVENT_JSON
 */
public class HandlerOnce {
  public static void main(String[] args) throws Exception {
    Handler handler = new Handler();
    try (InputStream event = Files.newInputStream(Path.of(args[0]))) {
      handler.handleRequest(event, System.out, new LocalContext(System.err::print));
    }
    System.out.println();
  }
}
