package dev.bosun.site.web;

import java.security.Principal;
import java.util.List;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AccountService;
import dev.bosun.account.ClientScope;
import dev.bosun.site.HttpsMode;
import dev.bosun.site.HttpsSettings;
import dev.bosun.site.SiteHttpsService;
import dev.bosun.site.SiteQueries;
import dev.bosun.task.TaskStateException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A site's HTTPS: its card on the site page, its page (mode, certificate, upload) and the dashboard's list of
 * certificates that need attention.
 */
@Controller
class SiteHttpsController {

    private final SiteHttpsService https;
    private final SiteQueries sites;
    private final AccountService accounts;

    SiteHttpsController(SiteHttpsService https, SiteQueries sites, AccountService accounts) {
        this.https = https;
        this.sites = sites;
        this.accounts = accounts;
    }

    /** The mode form: {@code off}, {@code on} or {@code required}, and HSTS. */
    record ModeForm(String mode, Boolean hsts) {
    }

    /** The upload form: the certificate chain and the private key, both PEM. */
    record UploadForm(String certificate, String key) {
    }

    @GetMapping("/sites/{id}/https/summary")
    String summary(@PathVariable long id, Principal principal, Model model) {
        ClientScope scope = scope(principal);
        model.addAttribute("siteId", id);
        model.addAttribute("https", https.settings(id, scope));
        model.addAttribute("certificate", https.certificate(id, scope));
        return "site/https :: summary";
    }

    @GetMapping("/sites/{id}/https")
    String page(@PathVariable long id, Principal principal, Model model) {
        ClientScope scope = scope(principal);
        HttpsSettings settings = https.settings(id, scope);
        model.addAttribute("uploadForm", new UploadForm("", ""));
        return page(id, scope, settings, model);
    }

    private String page(long id, ClientScope scope, HttpsSettings settings, Model model) {
        model.addAttribute("site", sites.get(id, scope));
        model.addAttribute("siteId", id);
        model.addAttribute("https", settings);
        model.addAttribute("certificate", https.certificate(id, scope));
        model.addAttribute("modes", List.of(HttpsMode.values()));
        return "site/https";
    }

    @PostMapping("/sites/{id}/https")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    String change(@PathVariable long id, @ModelAttribute ModeForm form, Principal principal,
                  RedirectAttributes redirect) {
        HttpsMode mode = List.of(HttpsMode.values()).stream().filter(m -> m.name().equalsIgnoreCase(form.mode()))
                .findFirst().orElse(null);
        if (mode == null) {
            redirect.addFlashAttribute("flashError", "Choose off, on or required.");
        } else {
            var verify = https.change(id, new HttpsSettings(mode, Boolean.TRUE.equals(form.hsts())), scope(principal), principal.getName());
            redirect.addFlashAttribute("flash", "HTTPS " + mode.name().toLowerCase() + " saved"
                    + (verify.isPresent() ? "; a verify puts it to use." : "; it applies when the site is enabled."));
        }
        return "redirect:/sites/" + id + "/https";
    }

    @PostMapping("/sites/{id}/certificate")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    String upload(@PathVariable long id, @ModelAttribute("uploadForm") UploadForm form, BindingResult result,
                  Principal principal, Model model, RedirectAttributes redirect) {
        ClientScope scope = scope(principal);
        try {
            https.upload(id, form.certificate(), form.key(), scope, principal.getName());
        } catch (InvalidInputException refused) {
            FormErrors.reject(result, refused, List.of("certificate", "key"));
            return page(id, scope, https.settings(id, scope), model);
        } catch (TaskStateException busy) {
            result.reject("busy", busy.getMessage());
            return page(id, scope, https.settings(id, scope), model);
        }
        redirect.addFlashAttribute("flash", "Certificate kept; a verify puts it to use.");
        return "redirect:/sites/" + id + "/https";
    }

    @GetMapping("/fragments/certificates-attention")
    String attention(Principal principal, Model model) {
        model.addAttribute("attention", https.needingAttention(scope(principal)));
        return "site/https :: attention";
    }

    private ClientScope scope(Principal principal) {
        return accounts.clientScope(principal.getName());
    }
}
