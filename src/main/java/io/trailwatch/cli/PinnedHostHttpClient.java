package io.trailwatch.cli;

import java.net.URI;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * An HTTP client that sends every request to one host and port, whatever host the SDK built: S3
 * Control puts the account id in front of the endpoint's host ({@code 123456789012.127.0.0.1}), which
 * an emulator's address cannot resolve. Used only with an endpoint override (AWS_ENDPOINT_URL...).
 */
final class PinnedHostHttpClient implements SdkHttpClient {
  private final SdkHttpClient delegate;
  private final URI endpoint;

  PinnedHostHttpClient(SdkHttpClient delegate, URI endpoint) {
    this.delegate = delegate;
    this.endpoint = endpoint;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return delegate.prepareRequest(HttpExecuteRequest.builder()
        .request(request.httpRequest().toBuilder().host(endpoint.getHost()).port(endpoint.getPort()).build())
        .contentStreamProvider(request.contentStreamProvider().orElse(null))
        .build());
  }

  @Override
  public void close() {
    delegate.close();
  }
}
