package dev.bosun.notify.web;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.bosun.InvalidInputException;
import dev.bosun.notify.NotificationChange;
import dev.bosun.notify.Notifications;
import dev.bosun.notify.TestOutcome;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The notifications section's forms ({@code /admin/**}: administrators only). Both answer with the settings
 * page: the saved values or the refusals on their fields, and what the test did.
 */
@Controller
class NotificationsController {

    static final String BACK = "redirect:/admin/settings#notifications";

    private final Notifications notifications;

    NotificationsController(Notifications notifications) {
        this.notifications = notifications;
    }

    @PostMapping("/admin/settings/notifications")
    String save(@RequestParam(defaultValue = "false") boolean adminMail,
                @RequestParam(required = false) String webhookUrl,
                @RequestParam(required = false) String webhookSecret,
                @RequestParam(defaultValue = "false") boolean clearSecret, RedirectAttributes redirect) {
        try {
            notifications.update(new NotificationChange(adminMail, webhookUrl, webhookSecret, clearSecret));
            redirect.addFlashAttribute("flash", "Notification settings saved.");
        } catch (InvalidInputException refused) {
            Map<String, String> errors = new LinkedHashMap<>();
            refused.violations().forEach(v -> errors.merge(v.field(), v.message(), (a, b) -> a + " " + b));
            redirect.addFlashAttribute("notifyErrors", errors);
            redirect.addFlashAttribute("notifyUrl", webhookUrl);
            redirect.addFlashAttribute("flash", "Notification settings not saved: see the fields.");
        }
        return BACK;
    }

    @PostMapping("/admin/settings/notifications/test")
    String test(RedirectAttributes redirect) {
        TestOutcome outcome = notifications.sendTest();
        redirect.addFlashAttribute("notifyTest", outcome);
        return BACK;
    }
}
