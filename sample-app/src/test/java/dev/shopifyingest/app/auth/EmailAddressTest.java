package dev.shopifyingest.app.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailAddressTest {

    @Test
    void normalisesCaseAndSurroundingSpace() {
        assertThat(EmailAddress.parse("  Ada.Lovelace+Shop@Example.CO.uk ")).hasValueSatisfying(email -> {
            assertThat(email.value()).isEqualTo("ada.lovelace+shop@example.co.uk");
            assertThat(email.localPart()).isEqualTo("ada.lovelace+shop");
        });
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        for (String invalid : new String[] {"", "plain", "@example.com", "ada@", "ada@localhost", "ada@@example.com",
                "a da@example.com", "ada@exa mple.com", ".ada@example.com", "ada.@example.com", "ada..x@example.com",
                "ada@-example.com", "ada@example..com", "adà@example.com", "ada\n@example.com",
                "a".repeat(65) + "@example.com", "ada@" + "a".repeat(250) + ".com"}) {
            assertThat(EmailAddress.parse(invalid)).as(invalid).isEmpty();
        }
        assertThat(EmailAddress.parse(null)).isEmpty();
    }
}
