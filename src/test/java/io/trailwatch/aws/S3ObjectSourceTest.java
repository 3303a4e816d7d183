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
