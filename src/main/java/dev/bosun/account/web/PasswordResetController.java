package dev.bosun.account.web;

import dev.bosun.InvalidInputException;
import dev.bosun.account.UserAdministration;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletResponse;

/** The page a password reset link opens, for anyone holding the link: it works once, until it expires. */
@Controller
class PasswordResetController {

    private final UserAdministration users;

    PasswordResetController(UserAdministration users) {
        this.users = users;
    }

    @GetMapping("/password-reset/{token}")
    String form(@PathVariable String token, Model model, HttpServletResponse response) {
        return users.resetLinkUser(token).map(username -> {
            model.addAttribute("username", username);
            return "account/password-reset";
        }).orElseGet(() -> expired(response));
    }

    @PostMapping("/password-reset/{token}")
    String reset(@PathVariable String token, @RequestParam(required = false) String password,
                 @RequestParam(required = false) String confirmation, Model model, HttpServletResponse response,
                 RedirectAttributes redirect) {
        try {
            return users.completeReset(token, password, confirmation).map(username -> {
                redirect.addFlashAttribute("resetDone", true);
                return "redirect:/login";
            }).orElseGet(() -> expired(response));
        } catch (InvalidInputException rejected) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            model.addAttribute("username", users.resetLinkUser(token).orElse(""));
            model.addAttribute(rejected.field() + "Error", rejected.getMessage());
            return "account/password-reset";
        }
    }

    private static String expired(HttpServletResponse response) {
        response.setStatus(HttpStatus.GONE.value());
        return "account/password-reset-expired";
    }
}
