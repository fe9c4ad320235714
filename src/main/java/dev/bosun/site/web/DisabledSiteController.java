package dev.bosun.site.web;

import java.util.regex.Pattern;

import dev.bosun.site.SiteNotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The public page a disabled site's vhost redirects its visitors to. It says the same for any
 * well-formed domain, so it tells strangers nothing about which sites exist.
 */
@Controller
class DisabledSiteController {

    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    @GetMapping("/disabled/{domain}")
    String disabled(@PathVariable String domain, Model model) {
        String name = domain.toLowerCase(java.util.Locale.ROOT);
        if (!HOSTNAME.matcher(name).matches()) {
            throw new SiteNotFoundException(0);
        }
        model.addAttribute("domain", name);
        return "site/disabled";
    }
}
