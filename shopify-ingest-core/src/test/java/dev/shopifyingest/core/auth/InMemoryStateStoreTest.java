package dev.shopifyingest.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopifyingest.core.ShopDomain;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest {

    private static final ShopDomain SHOP = ShopDomain.parse("my-store");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));

    private OAuthState state(String nonce, Duration lifetime) {
        return new OAuthState(nonce, "digest", SHOP, clock.instant().plus(lifetime));
    }

    @Test
    void consumeReturnsASavedStateExactlyOnce() {
        InMemoryStateStore store = new InMemoryStateStore(clock);
        OAuthState saved = state("n1", Duration.ofMinutes(10));
        store.save(saved);
        assertThat(store.consume("n1")).contains(saved);
        assertThat(store.consume("n1")).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void consumeOfAnUnknownOrNullNonceIsEmpty() {
        InMemoryStateStore store = new InMemoryStateStore(clock);
        assertThat(store.consume("never-issued")).isEmpty();
        assertThat(store.consume(null)).isEmpty();
    }

    @Test
    void returnsAnExpiredStateNotYetDroppedSoTheFlowCanSayItExpired() {
        InMemoryStateStore store = new InMemoryStateStore(clock);
        store.save(state("n1", Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(11));
        assertThat(store.consume("n1")).isPresent();
    }

    @Test
    void dropsExpiredStatesWhenANewOneIsSaved() {
        InMemoryStateStore store = new InMemoryStateStore(clock);
        store.save(state("old", Duration.ofMinutes(1)));
        clock.advance(Duration.ofMinutes(2));
        store.save(state("new", Duration.ofMinutes(10)));
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.consume("old")).isEmpty();
        assertThat(store.consume("new")).isPresent();
    }

    @Test
    void staysBoundedByEvictingTheStateClosestToExpiry() {
        InMemoryStateStore store = new InMemoryStateStore(clock, 2);
        store.save(state("soon", Duration.ofMinutes(1)));
        store.save(state("later", Duration.ofMinutes(5)));
        store.save(state("newest", Duration.ofMinutes(10)));
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.consume("soon")).isEmpty();
        assertThat(store.consume("later")).isPresent();
        assertThat(store.consume("newest")).isPresent();
    }

    @Test
    void refusesADuplicateNonce() {
        InMemoryStateStore store = new InMemoryStateStore(clock);
        store.save(state("n1", Duration.ofMinutes(10)));
        assertThatThrownBy(() -> store.save(state("n1", Duration.ofMinutes(10))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentConsumersOfTheSameStateGetItOnlyOnce() throws Exception {
        InMemoryStateStore store = new InMemoryStateStore(clock);
        int rounds = 200;
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                String nonce = "n" + round;
                store.save(state(nonce, Duration.ofMinutes(10)));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.consume(nonce).isPresent();
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> result : results) {
                    winners += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void printsNeitherNoncesNorSessions() {
        InMemoryStateStore store = new InMemoryStateStore(clock);
        OAuthState saved = new OAuthState("secret-nonce", "secret-digest", SHOP, clock.instant().plusSeconds(60));
        store.save(saved);
        assertThat(store.toString()).doesNotContain("secret-nonce").doesNotContain("secret-digest");
        assertThat(saved.toString()).doesNotContain("secret-nonce").doesNotContain("secret-digest");
    }

    @Test
    void rejectsANonPositiveCapacity() {
        assertThatThrownBy(() -> new InMemoryStateStore(clock, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
