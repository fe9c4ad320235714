package dev.bosun.account;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where a page's forms may send the browser besides the panel (the Content-Security-Policy's
 * {@code form-action}): browsers also check the redirect that answers a form, so a page whose form
 * posts to the panel and is redirected elsewhere (the site page's "Log in to" button) names that
 * target here, for the response being rendered.
 */
public final class FormTargets {

    private static final String ATTRIBUTE = FormTargets.class.getName();
    private static final Pattern ORIGIN = Pattern.compile("(https?://[A-Za-z0-9.-]+(:\\d{1,5})?)(/.*)?");

    private FormTargets() {
    }

    /** Lets the current page's forms lead to the origin of {@code url} (http or https only). */
    public static void allow(HttpServletRequest request, String url) {
        var origin = ORIGIN.matcher(url == null ? "" : url);
        if (!origin.matches()) {
            throw new IllegalArgumentException("Not an http(s) URL a form may lead to: " + url);
        }
        origins(request).add(origin.group(1).toLowerCase());
    }

    /** The sources of {@code form-action} for the response: the panel itself and the allowed origins. */
    public static String formAction(HttpServletRequest request) {
        StringBuilder sources = new StringBuilder("'self'");
        origins(request).forEach(origin -> sources.append(' ').append(origin));
        return sources.toString();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> origins(HttpServletRequest request) {
        Object stored = request.getAttribute(ATTRIBUTE);
        if (stored instanceof Set<?> set) {
            return (Set<String>) set;
        }
        Set<String> created = new LinkedHashSet<>();
        request.setAttribute(ATTRIBUTE, created);
        return created;
    }
}
