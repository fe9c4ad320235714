package dev.bosun.server.web;

import dev.bosun.InvalidInputException;
import dev.bosun.server.DbType;
import dev.bosun.server.HttpType;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerService;
import dev.bosun.server.internal.PanelKey;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The servers pages (admin only): list with the panel's public key, register, show, edit, verify. */
@Controller
class ServersController {

    private final ServerService servers;
    private final PanelKey panelKey;

    ServersController(ServerService servers, PanelKey panelKey) {
        this.servers = servers;
        this.panelKey = panelKey;
    }

    @ModelAttribute
    void choices(Model model) {
        model.addAttribute("httpTypes", HttpType.values());
        model.addAttribute("dbTypes", DbType.values());
    }

    @GetMapping("/servers")
    String list(Model model) {
        model.addAttribute("servers", servers.list());
        model.addAttribute("publicKey", panelKey.authorizedKeysLine());
        model.addAttribute("publicKeyFingerprint", panelKey.fingerprint());
        return "server/list";
    }

    @GetMapping("/servers/new")
    String newServer(Model model) {
        model.addAttribute("form", ServerForm.blank());
        return "server/form";
    }

    @PostMapping("/servers/new")
    String register(@ModelAttribute("form") ServerForm form, BindingResult result, RedirectAttributes redirect) {
        try {
            ServerInfo server = servers.register(form.toRegistration());
            redirect.addFlashAttribute("flash", "Server " + server.name() + " registered; its verify task is queued.");
            return "redirect:/servers/" + server.id();
        } catch (InvalidInputException rejected) {
            reject(result, rejected);
            return "server/form";
        }
    }

    @GetMapping("/servers/{id}")
    String show(@PathVariable long id, Model model) {
        model.addAttribute("server", servers.get(id));
        model.addAttribute("tasks", servers.latestTasks(id, 10));
        return "server/show";
    }

    @GetMapping("/servers/{id}/edit")
    String edit(@PathVariable long id, Model model) {
        ServerInfo server = servers.get(id);
        model.addAttribute("server", server);
        model.addAttribute("form", ServerForm.of(server));
        return "server/form";
    }

    @PostMapping("/servers/{id}/edit")
    String update(@PathVariable long id, @ModelAttribute("form") ServerForm form, BindingResult result, Model model,
                  RedirectAttributes redirect) {
        ServerInfo server = servers.get(id);
        try {
            servers.update(id, form.toRegistration());
            redirect.addFlashAttribute("flash", "Server " + form.name() + " saved.");
            return "redirect:/servers/" + id;
        } catch (InvalidInputException rejected) {
            reject(result, rejected);
            model.addAttribute("server", server);
            return "server/form";
        }
    }

    @PostMapping("/servers/{id}/verify")
    String verify(@PathVariable long id, RedirectAttributes redirect) {
        long taskId = servers.queueVerify(id);
        redirect.addFlashAttribute("flash", "Verify queued (task " + taskId + ").");
        return "redirect:/servers/" + id;
    }

    @PostMapping("/servers/{id}/forget-host-key")
    String forgetHostKey(@PathVariable long id, RedirectAttributes redirect) {
        servers.forgetHostKey(id);
        redirect.addFlashAttribute("flash", "The pinned host key is forgotten; the next verify pins the key the "
                + "server shows then.");
        return "redirect:/servers/" + id;
    }

    private static void reject(BindingResult result, InvalidInputException rejected) {
        rejected.violations().forEach(violation -> result.rejectValue(ServerForm.formField(violation.field()), "invalid",
                violation.message()));
    }
}
