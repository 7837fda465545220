package dev.otter.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.adapter.memory.InProcessMessageCounter;
import dev.otter.core.budget.MessageBudget.Verdict;
import dev.otter.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-connection message budget, on a clock the test moves (started at the real now). */
class MessageBudgetTest {
    private static final MessageBudget.Policy POLICY = MessageBudget.Policy.DEFAULT;
    private static final Duration WINDOW = POLICY.window();

    private MutableClock clock;
    private MessageBudget budget;

    @BeforeEach
    void startAtTheBeginningOfAWindow() {
        Instant now = Instant.now();
        long windowMillis = WINDOW.toMillis();
        clock = new MutableClock(Instant.ofEpochMilli((now.toEpochMilli() / windowMillis + 1) * windowMillis));
        budget = new MessageBudget(new InProcessMessageCounter(clock), clock);
    }

    private List<Verdict> send(String connection, int messages, Duration spread) {
        List<Verdict> verdicts = new ArrayList<>();
        Duration step = spread.dividedBy(messages);
        for (int i = 0; i < messages; i++) {
            verdicts.add(budget.spend(connection));
            clock.advance(step);
        }
        return verdicts;
    }

    @Test
    void theDefaultPolicy_allowsFiveHundredMessages_andClosesAfterSixHundred() {
        assertThat(POLICY.window()).isEqualTo(Duration.ofSeconds(5));
        assertThat(POLICY.allowed()).isEqualTo(500);
        assertThat(POLICY.closeAfter()).isEqualTo(600);
    }

    @Test
    void aMeshJoinAndAnIceRestartOfEveryPair_withinTwoSeconds_isWithinTheBudget() {
        // 7 peers x (description + media state + 25 candidates) x 2 rounds, plus join and a ping.
        List<Verdict> verdicts = send("joiner", 2 * 7 * 27 + 2, Duration.ofSeconds(2));

        assertThat(verdicts).containsOnly(Verdict.WITHIN);
    }

    @Test
    void pastTheBudget_messagesAreRefused_thenTheConnectionIsExhausted() {
        List<Verdict> verdicts = send("flooder", POLICY.closeAfter() + 10, Duration.ofMillis(400));

        assertThat(verdicts.subList(0, POLICY.allowed())).containsOnly(Verdict.WITHIN);
        assertThat(verdicts.subList(POLICY.allowed(), POLICY.closeAfter())).containsOnly(Verdict.OVER);
        assertThat(verdicts.subList(POLICY.closeAfter(), verdicts.size())).containsOnly(Verdict.EXHAUSTED);
    }

    @Test
    void theWindowBefore_stillCounts_soABurstAcrossAWindowEdgeGetsNoMoreThroughThanTheBudget() {
        clock.advance(WINDOW.minusMillis(150));
        List<Verdict> verdicts = send("edge", 2 * POLICY.allowed(), Duration.ofMillis(600));

        assertThat(verdicts.stream().filter(v -> v == Verdict.WITHIN).count()).isEqualTo(POLICY.allowed());
    }

    @Test
    void aBurstStillCountsInTheNextWindow_andAfterTwoQuietWindowsTheWholeBudgetIsBack() {
        send("counted", POLICY.allowed() + 50, Duration.ofMillis(500));
        send("forgotten", POLICY.allowed() + 50, Duration.ofMillis(500));
        clock.advance(WINDOW);

        assertThat(budget.spend("counted")).isEqualTo(Verdict.OVER);

        clock.advance(WINDOW);
        assertThat(send("forgotten", POLICY.allowed(), Duration.ofMillis(500))).containsOnly(Verdict.WITHIN);
    }

    @Test
    void connectionsHaveBudgetsOfTheirOwn() {
        send("flooder", POLICY.closeAfter() + 1, Duration.ofMillis(100));

        assertThat(budget.spend("neighbour")).isEqualTo(Verdict.WITHIN);
    }

    @Test
    void aSteadyFortyMessagesASecond_isNeverLimited() {
        assertThat(send("steady", 40 * 60, Duration.ofMinutes(1))).containsOnly(Verdict.WITHIN);
    }
}
