package io.trailwatch.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;

class S3ObjectSourceTest {
  @Test
  void aSmallObjectIsReadWholeThenNotAgainUntilItsEtagChanges() throws Exception {
    io.trailwatch.lambda.AwsServer aws = io.trailwatch.lambda.AwsServer.connect();
    String bucket = aws.bucket();
    aws.put(bucket, "tuning.yml", "a: 1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    S3ObjectSource objects = new S3ObjectSource(aws.s3);
    var first = objects.readIfChanged(bucket, "tuning.yml", null, 100);
    assertEquals("a: 1", new String(first.bytes(), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(null, objects.readIfChanged(bucket, "tuning.yml", first.etag(), 100), "S3 answers 304");
    aws.put(bucket, "tuning.yml", "a: 2".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("a: 2", new String(objects.readIfChanged(bucket, "tuning.yml", first.etag(), 100).bytes(),
        java.nio.charset.StandardCharsets.UTF_8));
    var tooBig = assertThrows(io.trailwatch.engine.ObjectSource.ObjectUnavailableException.class,
        () -> objects.readIfChanged(bucket, "tuning.yml", null, 3));
    assertEquals("larger than 3 bytes", tooBig.getMessage());
  }

  @Test
  void givenABodyThatThrowsTheSdksUncheckedErrors_whenRead_expectThePortsIOException() {
    InputStream body = new InputStream() {
      @Override
      public int read() {
        throw SdkClientException.create("Data read has a different checksum than expected");
      }

      @Override
      public int read(byte[] b, int off, int len) {
        throw AbortedException.create("aborted");
      }
    };
    InputStream in = new S3ObjectSource.SdkErrorsAsIoExceptions(body);
    IOException single = assertThrows(IOException.class, in::read);
    assertEquals("reading the S3 object failed: Data read has a different checksum than expected", single.getMessage());
    IOException bulk = assertThrows(IOException.class, () -> in.read(new byte[8], 0, 8));
    assertEquals("reading the S3 object failed: aborted", bulk.getMessage());
  }
}
