package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ByteBoundedQueueTest {
  @Test
  void givenAProducerFasterThanTheConsumer_whenItFillsTheQueue_expectItWaitsAndNothingIsLostOrReordered()
      throws InterruptedException {
    ByteBoundedQueue<Integer> queue = new ByteBoundedQueue<>(1000);
    AtomicInteger put = new AtomicInteger();
    Thread producer = new Thread(() -> {
      try {
        for (int i = 0; i < 100; i++) {
          queue.put(i, 300);
          put.incrementAndGet();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    producer.start();
    while (producer.getState() != Thread.State.WAITING && producer.isAlive()) {
      Thread.onSpinWait();
    }
    assertEquals(3, put.get(), "three items of 300 fit in 1000 bytes; the fourth waits");
    List<Integer> taken = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      taken.add(queue.poll(10, TimeUnit.SECONDS));
    }
    producer.join();
    assertEquals(java.util.stream.IntStream.range(0, 100).boxed().toList(), taken);
    assertTrue(queue.isEmpty());
  }

  @Test
  void givenAnItemLargerThanTheCapacity_whenPutOnAnEmptyQueue_expectItGoesThroughAlone() throws InterruptedException {
    ByteBoundedQueue<String> queue = new ByteBoundedQueue<>(10);
    queue.put("large", 1_000_000);
    assertEquals("large", queue.poll(0, TimeUnit.SECONDS));
    assertNull(queue.poll(0, TimeUnit.SECONDS));
  }
}
