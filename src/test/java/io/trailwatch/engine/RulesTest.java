package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The shipped rules are read once per process, on the thread that first needs them or ahead of it. */
class RulesTest {
  @Test
  void givenTheRulesReadAhead_whenAskedForFromAnotherThread_expectTheOneReadInTheirOrder() throws Exception {
    Rules.readAhead();
    Rules.readAhead(); // a second call starts nothing new
    AtomicReference<List<Rule>> seen = new AtomicReference<>();
    Thread other = Thread.ofPlatform().start(() -> seen.set(Rules.shipped()));
    other.join();
    assertSame(Rules.shipped(), seen.get());
    assertEquals(List.of(UserAccessKeyAuth.ID, "AWS.IAM.Backdoor.User.Keys"),
        Rules.shipped().stream().map(rule -> rule.metadata().ruleId()).toList());
  }
}
