package dev.shopifyingest.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultsTest {

    private final Faults faults = new Faults();

    private List<String> nextKinds(Endpoint endpoint, int requests) {
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            kinds.add(faults.select(endpoint).map(f -> f.kind().name()).orElse("-"));
        }
        return kinds;
    }

    @Test
    void withoutRulesNoRequestMeetsAFault() {
        assertThat(nextKinds(Endpoint.GRAPHQL, 3)).containsOnly("-");
        assertThat(faults.firedTotal()).isZero();
    }

    @Test
    void theFirstRuleThatSelectsARequestFiresButEveryRuleCountsIt() {
        faults.next(Endpoint.GRAPHQL, 2, Fault.serverError());
        faults.at(Endpoint.GRAPHQL, Fault.shopFrozen(), 2, 3);

        assertThat(nextKinds(Endpoint.GRAPHQL, 4)).containsExactly("SERVER_ERROR", "SERVER_ERROR", "SHOP_FROZEN", "-");
        assertThat(faults.fired(FaultKind.SERVER_ERROR)).isEqualTo(2);
        assertThat(faults.fired(FaultKind.SHOP_FROZEN)).isEqualTo(1);
    }

    @Test
    void rulesOnlySeeTheirOwnEndpoint() {
        faults.next(Endpoint.BULK_DOWNLOAD, 1, Fault.serverError());

        assertThat(nextKinds(Endpoint.GRAPHQL, 2)).containsOnly("-");
        assertThat(faults.select(Endpoint.BULK_DOWNLOAD)).map(Fault::kind).contains(FaultKind.SERVER_ERROR);
        assertThat(faults.fired(Endpoint.GRAPHQL, FaultKind.SERVER_ERROR)).isZero();
        assertThat(faults.fired(Endpoint.BULK_DOWNLOAD, FaultKind.SERVER_ERROR)).isEqualTo(1);
    }

    @Test
    void ordinalsCountFromWhenTheRuleWasAdded() {
        nextKinds(Endpoint.GRAPHQL, 5);
        faults.at(Endpoint.GRAPHQL, Fault.serverError(), 2);

        assertThat(nextKinds(Endpoint.GRAPHQL, 3)).containsExactly("-", "SERVER_ERROR", "-");
    }

    @Test
    void aSeededRateIsReproducible() {
        Faults other = new Faults();
        faults.rate(Endpoint.GRAPHQL, 0.5, 7L, Fault.serverError());
        other.rate(Endpoint.GRAPHQL, 0.5, 7L, Fault.serverError());

        List<Boolean> first = new ArrayList<>();
        List<Boolean> second = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            first.add(faults.select(Endpoint.GRAPHQL).isPresent());
            second.add(other.select(Endpoint.GRAPHQL).isPresent());
        }

        assertThat(first).isEqualTo(second).contains(true, false);
    }

    @Test
    void aCancelledRuleStopsFiringAndKeepsItsCount() {
        FaultRule rule = faults.always(Endpoint.GRAPHQL, Fault.shopLocked());
        faults.select(Endpoint.GRAPHQL);

        rule.cancel();

        assertThat(faults.select(Endpoint.GRAPHQL)).isEqualTo(Optional.empty());
        assertThat(rule.fired()).isEqualTo(1);
        assertThat(rule.isActive()).isFalse();
        assertThat(faults.fired(FaultKind.SHOP_LOCKED)).isEqualTo(1);
    }

    @Test
    void clearCancelsEveryRule() {
        faults.always(Endpoint.GRAPHQL, Fault.serverError());
        faults.always(Endpoint.WEBHOOK_DELIVERY, Fault.duplicateDelivery());

        faults.clear();

        assertThat(faults.rules()).isEmpty();
        assertThat(faults.select(Endpoint.GRAPHQL)).isEmpty();
    }

    @Test
    void faultsCheckTheirArguments() {
        assertThatThrownBy(() -> Fault.serverError(404)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.truncatedBody(1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.outOfOrderDelivery(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.slowResponse(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.at(Endpoint.GRAPHQL, Fault.serverError(), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.rate(Endpoint.GRAPHQL, 1.5, 0, Fault.serverError()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.next(Endpoint.WEBHOOK_DELIVERY, 1, Fault.serverError()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
