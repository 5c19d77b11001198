package dev.shopifyingest.app.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    private static final EmailAddress EMAIL = EmailAddress.parse("ada.lovelace@example.com").orElseThrow();

    @Test
    void acceptsLongPassphrasesWithoutCompositionRules() {
        assertThat(PasswordPolicy.problem("correct horse battery staple", EMAIL)).isEmpty();
        assertThat(PasswordPolicy.problem("ünïcödé pässwörd", EMAIL)).isEmpty();
    }

    @Test
    void countsCharactersNotBytesOrUtf16Units() {
        // Eleven emoji are 22 UTF-16 units but 11 characters: too short.
        assertThat(PasswordPolicy.problem("😀😁😂🤣😃😄😅😆😉😊😋", EMAIL)).isPresent();
        assertThat(PasswordPolicy.problem("😀😁😂🤣😃😄😅😆😉😊😋😎", EMAIL)).isEmpty();
    }

    @Test
    void refusesShortRepeatedEmailAndOverlongPasswords() {
        assertThat(PasswordPolicy.problem("only11chars", EMAIL)).hasValueSatisfying(m -> assertThat(m).contains("12"));
        assertThat(PasswordPolicy.problem("zzzzzzzzzzzzzzzz", EMAIL)).hasValueSatisfying(m -> assertThat(m).contains("repeated"));
        assertThat(PasswordPolicy.problem("Ada.Lovelace@Example.com", EMAIL)).hasValueSatisfying(m -> assertThat(m).contains("email"));
        assertThat(PasswordPolicy.problem("ada.lovelace", EMAIL)).hasValueSatisfying(m -> assertThat(m).contains("email"));
        // "éa" is three UTF-8 bytes.
        assertThat(PasswordPolicy.problem("éa".repeat(342), EMAIL)).hasValueSatisfying(m -> assertThat(m).contains("1024 bytes"));
        assertThat(PasswordPolicy.problem("éa".repeat(341), EMAIL)).isEmpty();
    }

    @Test
    void normalisesToNfkcSoTheSamePasswordTypedDifferentlyMatches() {
        String composed = "caf\u00e9 au lait 2026";
        String decomposed = "cafe\u0301 au lait 2026";

        assertThat(PasswordPolicy.normalise(decomposed)).isEqualTo(PasswordPolicy.normalise(composed));
    }
}
