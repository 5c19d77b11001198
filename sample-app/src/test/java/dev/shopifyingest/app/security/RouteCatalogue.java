package dev.shopifyingest.app.security;

import dev.shopifyingest.app.AppServer;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routes a running server's services register, as {@code "METHOD /path"} strings
 * ({@code ANY} for a handler of every method): the services are asked to register their routes
 * with this catalogue instead of a real routing, so a route added to the app shows up here without
 * anyone listing it.
 */
final class RouteCatalogue implements HttpRules {

    private final Set<String> routes;
    private final String prefix;

    private RouteCatalogue(Set<String> routes, String prefix) {
        this.routes = routes;
        this.prefix = prefix;
    }

    /** Every route of the given services. */
    static Set<String> of(List<AppServer.RegisteredService> services) {
        Set<String> routes = new TreeSet<>();
        for (AppServer.RegisteredService registered : services) {
            registered.service().routing(new RouteCatalogue(routes, registered.path()));
        }
        return routes;
    }

    private HttpRules add(String method, String path) {
        String full = (prefix.equals("/") ? "" : prefix) + (path.equals("/") && !prefix.equals("/") ? "" : path);
        routes.add(method + " " + full);
        return this;
    }

    @Override
    public HttpRules register(HttpService... services) {
        for (HttpService service : services) {
            service.routing(this);
        }
        return this;
    }

    @Override
    public HttpRules register(String path, HttpService... services) {
        for (HttpService service : services) {
            service.routing(new RouteCatalogue(routes, (prefix.equals("/") ? "" : prefix) + path));
        }
        return this;
    }

    @Override
    public HttpRules route(HttpRoute route) {
        // A route built by hand has no readable method or path: list it so the suite fails until it knows it.
        routes.add("UNREADABLE " + route);
        return this;
    }

    @Override
    public HttpRules route(Method method, String path, Handler handler) {
        return add(method.text(), path);
    }

    @Override
    public HttpRules get(String path, Handler... handlers) {
        return add("GET", path);
    }

    @Override
    public HttpRules post(String path, Handler... handlers) {
        return add("POST", path);
    }

    @Override
    public HttpRules put(String path, Handler... handlers) {
        return add("PUT", path);
    }

    @Override
    public HttpRules delete(String path, Handler... handlers) {
        return add("DELETE", path);
    }

    @Override
    public HttpRules patch(String path, Handler... handlers) {
        return add("PATCH", path);
    }

    @Override
    public HttpRules head(String path, Handler... handlers) {
        return add("HEAD", path);
    }

    @Override
    public HttpRules options(String path, Handler... handlers) {
        return add("OPTIONS", path);
    }

    @Override
    public HttpRules trace(String path, Handler... handlers) {
        return add("TRACE", path);
    }

    @Override
    public HttpRules any(String path, Handler... handlers) {
        return add("ANY", path);
    }

    @Override
    public HttpRules get(Handler... handlers) {
        return add("GET", "/");
    }

    @Override
    public HttpRules post(Handler... handlers) {
        return add("POST", "/");
    }

    @Override
    public HttpRules put(Handler... handlers) {
        return add("PUT", "/");
    }

    @Override
    public HttpRules delete(Handler... handlers) {
        return add("DELETE", "/");
    }

    @Override
    public HttpRules patch(Handler... handlers) {
        return add("PATCH", "/");
    }

    @Override
    public HttpRules any(Handler... handlers) {
        return add("ANY", "/");
    }
}
