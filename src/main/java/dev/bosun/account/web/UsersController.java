package dev.bosun.account.web;

import java.security.Principal;
import java.util.List;

import dev.bosun.InvalidInputException;
import dev.bosun.NumberedPage;
import dev.bosun.account.ClientScope;
import dev.bosun.account.ClientService;
import dev.bosun.account.PasswordReset;
import dev.bosun.account.Role;
import dev.bosun.account.UserAdministration;
import dev.bosun.account.UserEdit;
import dev.bosun.account.UserForm;
import dev.bosun.account.UserView;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The administrator's users pages ({@code /admin/users}, administrators only by the page rules). */
@Controller
class UsersController {

    private final UserAdministration users;
    private final ClientService clients;

    UsersController(UserAdministration users, ClientService clients) {
        this.users = users;
        this.clients = clients;
    }

    @GetMapping("/admin/users")
    String list(@RequestParam(name = "page", defaultValue = "0") int number, Model model) {
        NumberedPage<UserView> page = users.page(number);
        model.addAttribute("users", page);
        model.addAttribute("clientNames", clients.names(page.items().stream()
                .flatMap(user -> user.clientIds().stream()).toList()));
        return "account/users";
    }

    @GetMapping("/admin/users/new")
    String newUser(Model model) {
        model.addAttribute("form", new UserForm("", "", Role.OPERATOR, List.of(), ""));
        return form(model);
    }

    @PostMapping("/admin/users/new")
    String create(@ModelAttribute("form") UserForm form, BindingResult result, Model model,
                  RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return form(model);
        }
        try {
            UserView user = users.create(form);
            redirect.addFlashAttribute("flash", "User " + user.username() + " created.");
            return "redirect:/admin/users/" + user.id();
        } catch (InvalidInputException rejected) {
            reject(rejected, result);
            return form(model);
        }
    }

    @GetMapping("/admin/users/{id}")
    String show(@PathVariable long id, Model model) {
        UserView user = users.get(id);
        model.addAttribute("user", user);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new UserEdit(user.email(), user.role(), user.clientIds()));
        }
        return form(model);
    }

    @PostMapping("/admin/users/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") UserEdit form, BindingResult result,
                  Principal principal, Model model, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                users.update(id, form, principal.getName());
                redirect.addFlashAttribute("flash", "User saved.");
                return "redirect:/admin/users/" + id;
            } catch (InvalidInputException rejected) {
                reject(rejected, result);
            }
        }
        return show(id, model);
    }

    @PostMapping("/admin/users/{id}/enable")
    String enable(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        return act(id, redirect, () -> users.setEnabled(id, true, principal.getName()), "User enabled.");
    }

    @PostMapping("/admin/users/{id}/disable")
    String disable(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        return act(id, redirect, () -> users.setEnabled(id, false, principal.getName()),
                "User disabled: its sessions have ended and its API tokens are refused.");
    }

    @PostMapping("/admin/users/{id}/delete")
    String delete(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        String username = users.get(id).username();
        String back = act(id, redirect, () -> users.delete(id, principal.getName()), "User " + username + " deleted.");
        return redirect.getFlashAttributes().containsKey("flashError") ? back : "redirect:/admin/users";
    }

    /** Shows the link or password in this answer only (no redirect: it is never kept in the session). */
    @PostMapping("/admin/users/{id}/password-reset")
    String resetPassword(@PathVariable long id, @RequestParam(defaultValue = "link") String mode, Model model) {
        PasswordReset reset = "password".equals(mode) ? users.resetToRandomPassword(id) : users.createResetLink(id);
        model.addAttribute("reset", reset);
        return show(id, model);
    }

    @PostMapping("/admin/users/{id}/second-factor-reset")
    String resetSecondFactor(@PathVariable long id, RedirectAttributes redirect) {
        users.resetSecondFactor(id);
        redirect.addFlashAttribute("flash", "Second factor removed: the user signs in with its password until it enrols again.");
        return "redirect:/admin/users/" + id;
    }

    private String act(long id, RedirectAttributes redirect, Runnable action, String done) {
        try {
            action.run();
            redirect.addFlashAttribute("flash", done);
        } catch (InvalidInputException refused) {
            redirect.addFlashAttribute("flashError", refused.getMessage());
        }
        return "redirect:/admin/users/" + id;
    }

    private String form(Model model) {
        model.addAttribute("roles", Role.values());
        model.addAttribute("clients", clients.list(ClientScope.ALL));
        return "account/user";
    }

    private static void reject(InvalidInputException rejected, BindingResult result) {
        rejected.violations().forEach(violation -> result.rejectValue(violation.field(), "invalid", violation.message()));
    }
}
