package dev.bosun.account.web;

import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientInfo;
import dev.bosun.account.ClientScope;
import dev.bosun.account.ClientService;
import dev.bosun.account.ClientUserForm;
import dev.bosun.InvalidInputException;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class ClientsController {

    private final ClientService clients;

    ClientsController(ClientService clients) {
        this.clients = clients;
    }

    @GetMapping("/clients")
    String list(@RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("clients", clients.page(ClientScope.ALL, page));
        return "account/clients";
    }

    @GetMapping("/clients/new")
    String newClient(Model model) {
        model.addAttribute("form", new ClientForm("", ""));
        return "account/client-form";
    }

    @PostMapping("/clients/new")
    String create(@Valid @ModelAttribute("form") ClientForm form, BindingResult result, RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return "account/client-form";
        }
        try {
            ClientInfo client = clients.create(form);
            redirect.addFlashAttribute("flash", "Client " + client.name() + " created.");
            return "redirect:/clients/" + client.id();
        } catch (InvalidInputException rejected) {
            result.rejectValue(rejected.field(), "invalid", rejected.getMessage());
            return "account/client-form";
        }
    }

    @GetMapping("/clients/{id}")
    String show(@PathVariable long id, Model model) {
        ClientInfo client = clients.get(id);
        model.addAttribute("client", client);
        model.addAttribute("users", clients.users(id));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new ClientForm(client.name(), client.email()));
        }
        if (!model.containsAttribute("userForm")) {
            model.addAttribute("userForm", new ClientUserForm("", "", ""));
        }
        return "account/client";
    }

    @PostMapping("/clients/{id}")
    String update(@PathVariable long id, @Valid @ModelAttribute("form") ClientForm form, BindingResult result,
                  Model model, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                clients.update(id, form);
                redirect.addFlashAttribute("flash", "Client saved.");
                return "redirect:/clients/" + id;
            } catch (InvalidInputException rejected) {
                result.rejectValue(rejected.field(), "invalid", rejected.getMessage());
            }
        }
        return show(id, model);
    }

    @PostMapping("/clients/{id}/users")
    String addUser(@PathVariable long id, @Valid @ModelAttribute("userForm") ClientUserForm form, BindingResult result,
                   Model model, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                clients.addUser(id, form);
                redirect.addFlashAttribute("flash", "User " + form.username() + " can now sign in and see this client's sites.");
                return "redirect:/clients/" + id;
            } catch (InvalidInputException rejected) {
                result.rejectValue(rejected.field(), "invalid", rejected.getMessage());
            }
        }
        return show(id, model);
    }
}
