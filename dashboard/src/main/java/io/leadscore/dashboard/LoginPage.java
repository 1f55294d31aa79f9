package io.leadscore.dashboard;

import java.util.HashMap;
import java.util.Map;

/** The dashboard's browser-friendly login (template {@code login.peb}): a form that trades an API key for a cookie. */
public final class LoginPage {
    private LoginPage() {
    }

    /** The page, with {@code problem} (escaped) above the form, or none when null. */
    public static String html(String problem) {
        Map<String, Object> model = new HashMap<>();
        model.put("problem", problem);
        return Templates.render("login.peb", model);
    }
}
