package io.trailwatch.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy on loopback in front of the real AWS-compatible server, answering chosen requests
 * with an error instead of forwarding them: throttling, 5xx, access denied. The SDK and the server
 * stay real; only the failures are injected.
 */
public final class FaultProxy implements AutoCloseable {
  /** What a request looked like, for rules. */
  public record Request(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return "";
    }
  }

  private record Fault(Predicate<Request> when, int status, String contentType, String body, AtomicInteger left,
      boolean forwardFirst) {}

  private final HttpServer server;
  private final URI target;
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();

  public FaultProxy(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers the next {@code times} requests matching {@code when} with this error. */
  public void fail(Predicate<Request> when, int times, int status, String contentType, String body) {
    faults.add(new Fault(when, status, contentType, body, new AtomicInteger(times), false));
  }

  /**
   * Forwards the next {@code times} requests matching {@code when}, then answers with this error
   * instead of the server's answer: the request took effect, its response was lost.
   */
  public void loseResponses(Predicate<Request> when, int times, int status, String contentType, String body) {
    faults.add(new Fault(when, status, contentType, body, new AtomicInteger(times), true));
  }

  void heal() {
    faults.clear();
  }

  public int injected() {
    return injected.get();
  }

  public static Predicate<Request> dynamo(String operation) {
    return r -> r.header("X-Amz-Target").equals("DynamoDB_20120810." + operation);
  }

  /** The IAM action a request to S3, DynamoDB or SNS asks for ({@code dynamodb:GetItem}, {@code s3:GetObject}, ...). */
  static String action(Request request) {
    String target = request.header("X-Amz-Target");
    if (target.startsWith("DynamoDB_20120810.")) {
      return "dynamodb:" + target.substring("DynamoDB_20120810.".length());
    }
    java.util.regex.Matcher sns = java.util.regex.Pattern.compile("(?:^|&)Action=([A-Za-z]+)").matcher(request.body());
    if (sns.find()) {
      return "sns:" + sns.group(1);
    }
    boolean object = request.path().indexOf('/', 1) > 0; // path-style: /bucket/key
    return request.method().equals("GET") && object ? "s3:GetObject" : "s3:" + request.method() + " " + request.path();
  }

  static Predicate<Request> snsPublish() {
    return r -> r.body().contains("Action=Publish");
  }

  static Predicate<Request> s3Get() {
    return r -> r.method().equals("GET") && r.header("X-Amz-Target").isEmpty() && !r.path().equals("/");
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        exchange.getRequestHeaders(), new String(body, StandardCharsets.UTF_8));
    for (Fault fault : faults) {
      if (fault.when().test(request) && fault.left().getAndDecrement() > 0) {
        injected.incrementAndGet();
        if (fault.forwardFirst()) {
          forward(exchange, body, false);
        }
        byte[] answer = fault.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", fault.contentType());
        exchange.sendResponseHeaders(fault.status(), answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
        return;
      }
    }
    forward(exchange, body, true);
  }

  /** Sends the request on; answers with the server's response when {@code answer}, else drops it. */
  private void forward(HttpExchange exchange, byte[] body, boolean answer) throws IOException {
    URI uri = target.resolve(exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setRequestMethod(exchange.getRequestMethod());
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")
          && !name.equalsIgnoreCase("Transfer-Encoding") && !name.equalsIgnoreCase("Connection")) {
        values.forEach(v -> connection.addRequestProperty(name, v));
      }
    });
    if (body.length > 0) {
      connection.setDoOutput(true);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
    }
    int status = connection.getResponseCode();
    InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
    byte[] response = in == null ? new byte[0] : in.readAllBytes();
    if (!answer) {
      return;
    }
    connection.getHeaderFields().forEach((name, values) -> {
      if (name != null && !name.equalsIgnoreCase("Transfer-Encoding") && !name.equalsIgnoreCase("Content-Length")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    exchange.sendResponseHeaders(status, response.length == 0 ? -1 : response.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
