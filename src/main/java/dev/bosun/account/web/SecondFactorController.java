package dev.bosun.account.web;

import java.security.Principal;
import java.util.List;

import dev.bosun.InvalidInputException;
import dev.bosun.account.SecondFactors;
import dev.bosun.account.Totp;
import dev.bosun.account.internal.SecondFactorSignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Enrolment of one's own second factor, and the code step of a sign-in. */
@Controller
class SecondFactorController {

    private static final String OFFERED_SECRET = SecondFactorController.class.getName() + ".secret";

    private final SecondFactors secondFactors;
    private final SecondFactorSignIn signIn;

    SecondFactorController(SecondFactors secondFactors, SecondFactorSignIn signIn) {
        this.secondFactors = secondFactors;
        this.signIn = signIn;
    }

    @GetMapping("/account/two-factor")
    String page(Principal principal, HttpSession session, Model model) {
        String username = principal.getName();
        model.addAttribute("enabled", secondFactors.enabled(username));
        if (secondFactors.enabled(username)) {
            model.addAttribute("codesLeft", secondFactors.recoveryCodesLeft(username));
        } else {
            if (!(session.getAttribute(OFFERED_SECRET) instanceof String)) {
                session.setAttribute(OFFERED_SECRET, Totp.newSecret());
            }
            model.addAttribute("enrolment", secondFactors.offer(username, (String) session.getAttribute(OFFERED_SECRET)));
        }
        return "account/two-factor";
    }

    @PostMapping("/account/two-factor")
    String enable(@RequestParam(required = false) String code, Principal principal, HttpSession session,
                  Model model, HttpServletResponse response) {
        if (!(session.getAttribute(OFFERED_SECRET) instanceof String secret)) {
            return "redirect:/account/two-factor";
        }
        try {
            List<String> codes = secondFactors.confirm(principal.getName(), secret, code);
            session.removeAttribute(OFFERED_SECRET);
            model.addAttribute("enabled", true);
            model.addAttribute("recoveryCodes", codes);
            model.addAttribute("codesLeft", codes.size());
        } catch (InvalidInputException rejected) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            model.addAttribute("enabled", false);
            model.addAttribute("enrolment", secondFactors.offer(principal.getName(), secret));
            model.addAttribute("codeError", rejected.getMessage());
        }
        return "account/two-factor";
    }

    @PostMapping("/account/two-factor/disable")
    String disable(@RequestParam(required = false) String password, Principal principal, Model model,
                   HttpServletResponse response, RedirectAttributes redirect) {
        try {
            secondFactors.disable(principal.getName(), password);
        } catch (InvalidInputException rejected) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            model.addAttribute("enabled", true);
            model.addAttribute("codesLeft", secondFactors.recoveryCodesLeft(principal.getName()));
            model.addAttribute("passwordError", rejected.getMessage());
            return "account/two-factor";
        }
        redirect.addFlashAttribute("flash", "Two-factor sign-in is off: you sign in with your password alone.");
        return "redirect:/account/two-factor";
    }

    @PostMapping("/account/two-factor/recovery-codes")
    String renewRecoveryCodes(@RequestParam(required = false) String password, Principal principal, Model model,
                              HttpServletResponse response) {
        model.addAttribute("enabled", secondFactors.enabled(principal.getName()));
        try {
            List<String> codes = secondFactors.renewRecoveryCodes(principal.getName(), password);
            model.addAttribute("recoveryCodes", codes);
            model.addAttribute("codesLeft", codes.size());
        } catch (InvalidInputException rejected) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            model.addAttribute("codesLeft", secondFactors.recoveryCodesLeft(principal.getName()));
            model.addAttribute("renewError", rejected.getMessage());
        }
        if (!secondFactors.enabled(principal.getName())) {
            return "redirect:/account/two-factor";
        }
        return "account/two-factor";
    }

    @GetMapping("/login/code")
    String codeForm(HttpServletRequest request) {
        return signIn.pendingUser(request).isPresent() ? "account/login-code" : "redirect:/login";
    }

    @PostMapping("/login/code")
    String code(@RequestParam(required = false) String code, HttpServletRequest request,
                HttpServletResponse response, Model model) {
        return switch (signIn.complete(code, request, response)) {
            case SIGNED_IN -> "redirect:" + signIn.destination(request, response);
            case NOT_PENDING -> "redirect:/login";
            case LOCKED -> "redirect:/login?locked";
            case WRONG_CODE -> {
                response.setStatus(HttpStatus.UNAUTHORIZED.value());
                model.addAttribute("codeError", "This code is not right, or was used already.");
                yield "account/login-code";
            }
        };
    }
}
