package io.leadscore.serving.security;

import io.javalin.security.RouteRole;

/** What a route needs: nothing (health), an API key, or an admin key. Admin keys also open API routes. */
public enum Access implements RouteRole {
    PUBLIC, API, ADMIN
}
