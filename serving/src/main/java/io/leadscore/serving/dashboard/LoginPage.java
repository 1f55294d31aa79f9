package io.leadscore.serving.dashboard;

/** The dashboard's browser-friendly login: a form that trades an API key for a cookie. */
final class LoginPage {
    private LoginPage() {
    }

    static String html(String problem) {
        return "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>leadscore: sign in</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:420px;margin:80px auto}input{width:100%;font-size:16px;padding:6px}"
                + "button{margin-top:12px;font-size:16px;padding:6px 16px}.problem{color:#cf222e}</style></head><body>"
                + "<h1>leadscore dashboard</h1><p>Enter your leadscore API key.</p>"
                + (problem == null ? "" : "<p class='problem'>" + problem + "</p>")
                + "<form method='post' action='/dashboard/login'><input id='login-key' name='key' type='password' autocomplete='current-password' autofocus>"
                + "<button id='login-submit' type='submit'>Sign in</button></form></body></html>";
    }
}
