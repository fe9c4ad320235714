package dev.bosun.account.web;

import java.security.Principal;

import dev.bosun.account.AccountService;
import dev.bosun.account.PasswordChange;
import dev.bosun.InvalidInputException;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class AccountPagesController {

    private final AccountService accounts;

    AccountPagesController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String locked,
                 HttpSession session, Model model) {
        Object failure = error == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        if (locked != null) {
            model.addAttribute("loginError", "Too many wrong codes. This account is locked for a few minutes.");
        } else if (failure instanceof LockedException lockedOut) {
            model.addAttribute("loginError", lockedOut.getMessage());
        } else if (failure != null) {
            model.addAttribute("loginError", "Wrong user name or password.");
        }
        return "account/login";
    }

    @GetMapping("/account/password")
    String passwordForm(Model model) {
        model.addAttribute("form", new PasswordChange("", "", ""));
        return "account/password";
    }

    @PostMapping("/account/password")
    String changePassword(Principal principal, @ModelAttribute("form") PasswordChange form, BindingResult result,
                          HttpSession session, RedirectAttributes redirect) {
        try {
            accounts.changePassword(principal.getName(), form, session.getId());
        } catch (InvalidInputException rejected) {
            result.rejectValue(rejected.field(), "invalid", rejected.getMessage());
            return "account/password";
        }
        redirect.addFlashAttribute("flash", "Your password has been changed. Your other sessions have been signed out and your API tokens revoked.");
        return "redirect:/account/password";
    }
}
