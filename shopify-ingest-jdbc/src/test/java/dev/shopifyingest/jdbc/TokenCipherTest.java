package dev.shopifyingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenCipherTest {

    private static final String SECRET = "shpat_0123456789abcdef";

    @Test
    void decryptsWhatItEncryptedAndNeverRepeatsACiphertext() {
        TokenCipher cipher = TestStores.cipher("k1", 1);

        byte[] first = cipher.encrypt(SECRET, "a.myshopify.com|access");
        byte[] second = cipher.encrypt(SECRET, "a.myshopify.com|access");

        assertThat(cipher.decrypt(first, "a.myshopify.com|access")).isEqualTo(SECRET);
        assertThat(first).isNotEqualTo(second);
        assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET).contains("k1");
    }

    @Test
    void aRotatedCipherStillDecryptsTokensMadeWithTheOlderKey() {
        byte[] old = TestStores.cipher("2025-06", 1).encrypt(SECRET, "ctx");
        TokenCipher rotated = TokenCipher.builder()
                .currentKey("2026-01", TestStores.key(2))
                .olderKey("2025-06", TestStores.key(1))
                .build();

        assertThat(rotated.decrypt(old, "ctx")).isEqualTo(SECRET);
        assertThat(TokenCipher.keyIdOf(rotated.encrypt(SECRET, "ctx"))).isEqualTo("2026-01");
    }

    @Test
    void aCiphertextMovedToAnotherShopOrFieldDoesNotDecrypt() {
        TokenCipher cipher = TestStores.cipher("k1", 1);
        byte[] stored = cipher.encrypt(SECRET, "a.myshopify.com|access");

        assertThatThrownBy(() -> cipher.decrypt(stored, "b.myshopify.com|access"))
                .isInstanceOf(TokenKeyException.class)
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> cipher.decrypt(stored, "a.myshopify.com|refresh"))
                .isInstanceOf(TokenKeyException.class);
    }

    @Test
    void aMissingKeyIsNamedButNoSecretIsEverPrinted() {
        byte[] stored = TestStores.cipher("gone", 7).encrypt(SECRET, "ctx");
        TokenCipher cipher = TestStores.cipher("k1", 1);

        assertThatThrownBy(() -> cipher.decrypt(stored, "ctx"))
                .isInstanceOf(TokenKeyException.class)
                .hasMessageContaining("'gone'")
                .hasMessageContaining("olderKey(\"gone\", key)")
                .hasMessageNotContaining(SECRET);
        assertThat(cipher.toString()).isEqualTo("TokenCipher[currentKeyId=k1, keyIds=[k1]]");
    }

    @Test
    void refusesKeysThatAreNotAes256() {
        assertThatThrownBy(() -> TokenCipher.builder().currentKey("short", new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> TokenCipher.builder().build()).isInstanceOf(IllegalStateException.class);
    }
}
