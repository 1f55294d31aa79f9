package io.leadscore.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The login page: the form the browser test fills, and a problem shown escaped. */
class LoginPageTest {
    @Test
    void theFormPostsTheKeyAndAProblemIsShownEscaped() {
        String plain = LoginPage.html(null);
        assertTrue(plain.contains("<form method=\"post\" action=\"/dashboard/login\">"), plain);
        assertTrue(plain.contains("id=\"login-key\" name=\"key\" type=\"password\""), plain);
        assertFalse(plain.contains("class=\"problem\""), "no problem paragraph without a problem");

        String refused = LoginPage.html("That key is <b>not</b> valid.");
        assertTrue(refused.contains("<p class=\"problem\">That key is &lt;b&gt;not&lt;/b&gt; valid.</p>"), refused);
    }
}
