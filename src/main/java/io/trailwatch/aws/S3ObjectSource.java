package io.trailwatch.aws;

import io.trailwatch.engine.ObjectSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link ObjectSource} over S3 GetObject, streaming: the body is handed on unread. Translates only:
 * 403, 404 and 400 (access denied, no such key or bucket, bad request) are permanent; everything else
 * (throttling, 5xx, network) is an {@link IOException} to retry, and so is any unchecked SDK error
 * the body throws while it is read (aborted, checksum mismatch).
 */
public final class S3ObjectSource implements ObjectSource {
  private final S3Client s3;

  public S3ObjectSource(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public InputStream open(String bucket, String key, String versionId) throws ObjectUnavailableException, IOException {
    GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(key).versionId(versionId).build();
    try {
      return new SdkErrorsAsIoExceptions(s3.getObject(request));
    } catch (S3Exception e) {
      throw permanent(e);
    } catch (SdkException e) {
      throw new IOException("S3 GetObject failed: " + e.getMessage(), e);
    }
  }

  /** GetObject with If-None-Match: S3's 304 means unchanged. */
  @Override
  public Content readIfChanged(String bucket, String key, String etag, int maxBytes)
      throws ObjectUnavailableException, IOException {
    GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(key).ifNoneMatch(etag).build();
    try (var body = s3.getObject(request)) {
      byte[] bytes = new SdkErrorsAsIoExceptions(body).readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new ObjectUnavailableException("larger than " + maxBytes + " bytes", null);
      }
      return new Content(body.response().eTag(), bytes);
    } catch (S3Exception e) {
      if (e.statusCode() == 304) {
        return null;
      }
      throw permanent(e);
    } catch (SdkException e) {
      throw new IOException("S3 GetObject failed: " + e.getMessage(), e);
    }
  }

  /** 403, 404 and 400 are permanent (thrown); anything else is returned, an IOException worth a retry. */
  private static IOException permanent(S3Exception e) throws ObjectUnavailableException {
    return permanent(e, "GetObject");
  }

  /** The same for any S3 operation. */
  static IOException permanent(S3Exception e, String operation) throws ObjectUnavailableException {
    if (e.statusCode() == 403 || e.statusCode() == 404 || e.statusCode() == 400) {
      throw new ObjectUnavailableException(e.statusCode() + " " + errorCode(e) + ": " + e.getMessage(), e);
    }
    return new IOException("S3 " + operation + " failed: " + e.getMessage(), e);
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
  }

  /** The body, with the SDK's unchecked errors turned into the port's {@link IOException}. */
  static final class SdkErrorsAsIoExceptions extends FilterInputStream {
    private interface Step {
      long run() throws IOException;
    }

    SdkErrorsAsIoExceptions(InputStream body) {
      super(body);
    }

    @Override
    public int read() throws IOException {
      return (int) translated(super::read);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return (int) translated(() -> super.read(b, off, len));
    }

    @Override
    public long skip(long n) throws IOException {
      return translated(() -> super.skip(n));
    }

    private static long translated(Step step) throws IOException {
      try {
        return step.run();
      } catch (SdkException e) {
        throw new IOException("reading the S3 object failed: " + e.getMessage(), e);
      }
    }
  }
}
