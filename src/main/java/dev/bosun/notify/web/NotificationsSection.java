package dev.bosun.notify.web;

import java.util.Map;

import dev.bosun.notify.Notifications;
import dev.bosun.settings.SettingsSection;
import org.springframework.stereotype.Component;

/** The notifications section of the settings page. */
@Component
class NotificationsSection implements SettingsSection {

    private final Notifications notifications;

    NotificationsSection(Notifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public String template() {
        return "notify/settings";
    }

    @Override
    public Map<String, Object> model() {
        return Map.of("notify", notifications.settings());
    }
}
