package dev.bosun.site.web;

import java.util.Locale;

import dev.bosun.server.Names;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The public page a disabled site's vhost redirects its visitors to. It says the same for any
 * well-formed domain, so it tells strangers nothing about which sites exist.
 */
@Controller
class DisabledSiteController {

    @GetMapping("/disabled/{domain}")
    String disabled(@PathVariable String domain, Model model) {
        String name = domain.toLowerCase(Locale.ROOT);
        if (!Names.isDomain(name)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        model.addAttribute("domain", name);
        return "site/disabled";
    }
}
