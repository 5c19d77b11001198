package dev.shopifyingest.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccessScopesTest {

    @Test
    void parsesShopifysCommaSeparatedScopeField() {
        assertThat(AccessScopes.parse("write_orders, read_customers,,read_products "))
                .containsExactly("write_orders", "read_customers", "read_products");
        assertThat(AccessScopes.parse(null)).isEmpty();
        assertThat(AccessScopes.parse("")).isEmpty();
    }

    @Test
    void aGrantedWriteScopeCoversTheRequestedReadScope() {
        assertThat(AccessScopes.missing(List.of("read_orders", "write_orders"), List.of("write_orders"))).isEmpty();
    }

    @Test
    void theUnauthenticatedPrefixImpliesLikewise() {
        assertThat(AccessScopes.missing(
                List.of("unauthenticated_read_product_listings"), List.of("unauthenticated_write_product_listings")))
                .isEmpty();
    }

    @Test
    void aGrantedReadScopeDoesNotCoverARequestedWriteScope() {
        assertThat(AccessScopes.missing(List.of("write_orders"), List.of("read_orders"))).containsExactly("write_orders");
    }

    @Test
    void listsEveryMissingScopeInRequestOrder() {
        assertThat(AccessScopes.missing(
                List.of("read_orders", "read_customers", "read_products", "read_all_orders"), List.of("read_customers")))
                .containsExactly("read_orders", "read_products", "read_all_orders");
    }

    @Test
    void extraGrantedScopesAreFine() {
        assertThat(AccessScopes.missing(List.of("read_orders"), List.of("read_orders", "read_customers"))).isEmpty();
    }
}
