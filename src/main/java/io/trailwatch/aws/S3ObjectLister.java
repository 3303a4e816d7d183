package io.trailwatch.aws;

import io.trailwatch.engine.ObjectLister;
import io.trailwatch.engine.ObjectSource.ObjectUnavailableException;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link ObjectLister} over S3 ListObjectsV2 with delimiter {@code /}; it only translates: 403, 404
 * and 400 are permanent, everything else is an {@link IOException} to retry.
 */
public final class S3ObjectLister implements ObjectLister {
  private final S3Client s3;

  public S3ObjectLister(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public Page list(String bucket, String prefix, String continuation) throws ObjectUnavailableException, IOException {
    try {
      var response = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).delimiter("/").continuationToken(continuation));
      return new Page(
          response.contents().stream().map(o -> new Entry(o.key(), o.size() == null ? 0 : o.size())).toList(),
          response.commonPrefixes().stream().map(CommonPrefix::prefix).toList(),
          Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null);
    } catch (S3Exception e) {
      throw S3ObjectSource.permanent(e, "ListObjectsV2");
    } catch (SdkException e) {
      throw new IOException("S3 ListObjectsV2 failed: " + e.getMessage(), e);
    }
  }
}
