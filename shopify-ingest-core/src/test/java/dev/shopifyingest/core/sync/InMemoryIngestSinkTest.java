package dev.shopifyingest.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.Deletion;
import dev.shopifyingest.core.model.EntityType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InMemoryIngestSinkTest {

    private static final ShopDomain SHOP = ShopDomain.parse("a-shop");
    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");
    private final InMemoryIngestSink sink = new InMemoryIngestSink(Clock.fixed(T, ZoneOffset.UTC));

    private static Customer version(long id, int second, String name) {
        return new Customer(id, name, null, null, null, "ENABLED", List.of(), null, null, T, T.plusSeconds(second),
                "{}");
    }

    private void upsert(Customer... customers) {
        sink.accept(new IngestBatch(SHOP, List.of(customers), List.of(), null));
    }

    @Test
    void theNewestVersionWinsWhateverTheOrder() {
        Random random = new Random(3);
        for (int round = 0; round < 50; round++) {
            List<Customer> versions = new ArrayList<>();
            for (int v = 0; v < 6; v++) {
                versions.add(version(round, v, "v" + v));
                versions.add(version(round, v, "v" + v));
            }
            Collections.shuffle(versions, random);
            versions.forEach(this::upsert);
            assertThat(sink.find(SHOP, EntityType.CUSTOMER, round).orElseThrow())
                    .extracting(c -> ((Customer) c).firstName()).isEqualTo("v5");
        }
    }

    @Test
    void aDeletionIsNotUndoneByAnOlderVersion() {
        upsert(version(1, 1, "a"));
        sink.accept(new IngestBatch(SHOP, List.of(), List.of(new Deletion(EntityType.CUSTOMER, 1, T.plusSeconds(5))),
                null));
        upsert(version(1, 3, "late"));
        assertThat(sink.find(SHOP, EntityType.CUSTOMER, 1)).isEmpty();
        upsert(version(1, 9, "recreated"));
        assertThat(sink.find(SHOP, EntityType.CUSTOMER, 1)).isPresent();
    }

    @Test
    void aFullPassRemovesWhatItDidNotSee() {
        MutableClock clock = new MutableClock(T);
        InMemoryIngestSink timed = new InMemoryIngestSink(clock);
        timed.accept(new IngestBatch(SHOP, List.of(version(1, 1, "kept"), version(2, 1, "gone")), List.of(), null));
        clock.now = T.plusSeconds(60);
        Instant passStart = clock.now;
        timed.accept(new IngestBatch(SHOP, List.of(version(1, 1, "kept")), List.of(), null));
        timed.fullPassCompleted(SHOP, EntityType.CUSTOMER, passStart);
        assertThat(timed.entities(SHOP, EntityType.CUSTOMER, Customer.class)).extracting(Customer::id)
                .containsExactly(1L);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
