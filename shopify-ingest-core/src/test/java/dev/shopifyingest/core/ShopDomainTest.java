package dev.shopifyingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ShopDomainTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(
            delimiter = '|',
            ignoreLeadingAndTrailingWhitespace = false,
            textBlock = """
          my-store|my-store.myshopify.com
          My-Store|my-store.myshopify.com
          MY-STORE|my-store.myshopify.com
          store1|store1.myshopify.com
          a|a.myshopify.com
          1shop|1shop.myshopify.com
          my--store|my--store.myshopify.com
          my-store.myshopify.com|my-store.myshopify.com
          My-Store.MyShopify.COM|my-store.myshopify.com
          my-store.myshopify.com/|my-store.myshopify.com
          my-store.myshopify.com/admin|my-store.myshopify.com
          https://my-store.myshopify.com|my-store.myshopify.com
          https://my-store.myshopify.com/|my-store.myshopify.com
          https://my-store.myshopify.com/admin|my-store.myshopify.com
          https://my-store.myshopify.com/admin/|my-store.myshopify.com
          HTTPS://MY-STORE.MYSHOPIFY.COM/admin|my-store.myshopify.com
          http://my-store.myshopify.com|my-store.myshopify.com
          http://my-store.myshopify.com/admin|my-store.myshopify.com
          admin.shopify.com/store/my-store|my-store.myshopify.com
          admin.shopify.com/store/my-store/|my-store.myshopify.com
          https://admin.shopify.com/store/my-store|my-store.myshopify.com
          https://admin.shopify.com/store/my-store/|my-store.myshopify.com
          https://admin.shopify.com/store/My-Store/orders|my-store.myshopify.com
          https://admin.shopify.com/store/my-store/products/123/variants|my-store.myshopify.com
          http://admin.shopify.com/store/my-store|my-store.myshopify.com
          '  my-store.myshopify.com  '|my-store.myshopify.com
          """)
    void acceptsCommonFormsAndCanonicalisesThem(String input, String expected) {
        String text = input.startsWith("'") ? input.substring(1, input.length() - 1) : input;
        assertThat(ShopDomain.parse(text).value()).isEqualTo(expected);
    }

    @Test
    void acceptsAPasteWithATrailingNewline() {
        assertThat(ShopDomain.parse("my-store\n").value()).isEqualTo("my-store.myshopify.com");
    }

    @Test
    void acceptsAStoreNameOfExactlySixtyThreeCharacters() {
        String handle = "a".repeat(63);
        assertThat(ShopDomain.parse(handle).handle()).isEqualTo(handle);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" rejected: {1}")
    @CsvSource(
            delimiter = '|',
            textBlock = """
          my-store.myshopify.com.evil.com|not a Shopify store address
          https://my-store.myshopify.com.evil.com/admin|not a Shopify store address
          myshopify.com|not a Shopify store address
          .myshopify.com|no store name before .myshopify.com
          evil.com/my-store.myshopify.com|not a Shopify store address
          evil.com|not a Shopify store address
          shopify.com/store/my-store|not a Shopify store address
          not-admin.shopify.com/store/my-store|not a Shopify store address
          a.b.myshopify.com|exactly one name may precede
          my-store.myshopify.com:443|port number
          https://my-store.myshopify.com:8443/admin|port number
          https://user@my-store.myshopify.com|user information
          https://user:pw@my-store.myshopify.com|user information
          my-store.myshopify.com?foo=bar|query string or fragment
          https://my-store.myshopify.com/admin#top|query string or fragment
          admin.shopify.com/store/my-store?x=1|query string or fragment
          my-store.myshopify.com/products|path other than /admin
          my-store.myshopify.com/admin/orders|path other than /admin
          admin.shopify.com|without /store/<name>
          admin.shopify.com/settings|without /store/<name>
          admin.shopify.com/store/|no store name after
          admin.shopify.com/store/my_store|underscore
          my store|whitespace
          my-store .myshopify.com|whitespace
          my\tstore|whitespace
          -my-store|starts or ends with a hyphen
          my-store-|starts or ends with a hyphen
          my-store-.myshopify.com|starts or ends with a hyphen
          my_store|underscore
          my_store.myshopify.com|underscore
          mÿ-store|non-ASCII
          my‐store.myshopify.com|non-ASCII
          ftp://my-store.myshopify.com|unsupported scheme
          javascript://my-store.myshopify.com|unsupported scheme
          https://my-store|bare store name with a scheme
          my-store/admin|bare store name followed by a path
          my-store.myshopify.com.|not a Shopify store address
          my%2Dstore|other than letters, digits and hyphens
          my.store|not a Shopify store address
          https://|no host name
          """)
    void rejectsWithAMessageSayingWhatWasWrong(String input, String problem) {
        String text = input.replace("\\t", "\t");
        assertThatThrownBy(() -> ShopDomain.parse(text))
                .isInstanceOf(InvalidShopDomainException.class)
                .isInstanceOf(ShopifyException.class)
                .hasMessageContaining(problem)
                .hasMessageContaining("my-store.myshopify.com")
                .hasMessageContaining("admin.shopify.com/store/my-store");
    }

    @Test
    void rejectsAStoreNameLongerThanADnsLabel() {
        assertThatThrownBy(() -> ShopDomain.parse("a".repeat(64)))
                .isInstanceOf(InvalidShopDomainException.class)
                .hasMessageContaining("longer than 63 characters");
        assertThatThrownBy(() -> ShopDomain.parse("a".repeat(64) + ".myshopify.com"))
                .isInstanceOf(InvalidShopDomainException.class)
                .hasMessageContaining("longer than 63 characters");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\n"})
    void rejectsNullEmptyAndBlankInput(String input) {
        assertThatThrownBy(() -> ShopDomain.parse(input))
                .isInstanceOf(InvalidShopDomainException.class)
                .hasMessageContaining("my-store.myshopify.com");
    }

    @Test
    void quotesOverlongInputOnlyInPartAndEscapesControlCharacters() {
        String input = "x".repeat(500) + ".evil.com";
        assertThatThrownBy(() -> ShopDomain.parse(input))
                .hasMessageContaining("x".repeat(80) + "...")
                .hasMessageNotContaining("x".repeat(81));
        assertThatThrownBy(() -> ShopDomain.parse("my\u0000store"))
                .hasMessageContaining("my\\u0000store");
    }

    @Test
    void exposesHandleValueAndToString() {
        ShopDomain shop = ShopDomain.parse("https://admin.shopify.com/store/My-Store");
        assertThat(shop.handle()).isEqualTo("my-store");
        assertThat(shop.value()).isEqualTo("my-store.myshopify.com");
        assertThat(shop).hasToString("my-store.myshopify.com");
    }

    @Test
    void equalsByCanonicalValueWhateverFormWasParsed() {
        assertThat(ShopDomain.parse("My-Store")).isEqualTo(ShopDomain.parse("https://my-store.myshopify.com/admin"));
        assertThat(ShopDomain.parse("my-store").hashCode()).isEqualTo(new ShopDomain("my-store.myshopify.com").hashCode());
    }

    @Test
    void constructorAcceptsOnlyTheCanonicalForm() {
        assertThat(new ShopDomain("my-store.myshopify.com").handle()).isEqualTo("my-store");
        for (String notCanonical : new String[] {
                "my-store", "My-Store.myshopify.com", "https://my-store.myshopify.com", "my-store.myshopify.com/",
                "-x.myshopify.com", "a.b.myshopify.com", "my_store.myshopify.com", ".myshopify.com"}) {
            assertThatThrownBy(() -> new ShopDomain(notCanonical))
                    .as(notCanonical)
                    .isInstanceOf(InvalidShopDomainException.class)
                    .hasMessageContaining("not a canonical shop domain");
        }
        assertThatThrownBy(() -> new ShopDomain(null)).isInstanceOf(InvalidShopDomainException.class);
    }
}
