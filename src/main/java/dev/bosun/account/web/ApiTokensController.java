package dev.bosun.account.web;

import java.security.Principal;
import java.util.Map;

import dev.bosun.InvalidInputException;
import dev.bosun.account.ApiTokens;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class ApiTokensController {

    private final ApiTokens tokens;

    ApiTokensController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/account/tokens")
    String list(Principal principal, Model model) {
        model.addAttribute("tokens", tokens.list(principal.getName()));
        model.addAttribute("maxDays", ApiTokens.MAX_DAYS);
        if (!model.containsAttribute("days")) {
            model.addAttribute("days", ApiTokens.DEFAULT_DAYS);
        }
        return "account/tokens";
    }

    @PostMapping("/account/tokens")
    String create(Principal principal, @RequestParam(defaultValue = "") String name,
                  @RequestParam(required = false) Integer days, Model model, RedirectAttributes redirect) {
        try {
            ApiTokens.NewToken created = tokens.create(principal.getName(), name, days);
            // Flash attributes live in the (JDBC, serialized) session until the next page shows them.
            redirect.addFlashAttribute("newToken", Map.of("id", created.id(), "name", created.name(),
                    "token", created.token(), "expiresAt", created.expiresAt()));
            return "redirect:/account/tokens";
        } catch (InvalidInputException invalid) {
            return refuse(principal, model, invalid.field() + "Error", invalid.getMessage(), name, days);
        }
    }

    private String refuse(Principal principal, Model model, String errorName, String error, String name,
                          Integer days) {
        model.addAttribute(errorName, error);
        model.addAttribute("name", name);
        model.addAttribute("days", days);
        return list(principal, model);
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String revoke(Principal principal, @PathVariable long id, RedirectAttributes redirect) {
        boolean revoked = tokens.revoke(principal.getName(), id);
        redirect.addFlashAttribute("flash", revoked ? "The token has been revoked." : "No such active token.");
        return "redirect:/account/tokens";
    }
}
