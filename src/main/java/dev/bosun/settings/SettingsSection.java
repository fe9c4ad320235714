package dev.bosun.settings;

import java.util.Map;

/**
 * A section another module adds to the settings page ({@code /admin/settings}): its own Thymeleaf
 * fragment {@code section} in {@link #template()}, with the model it needs. The section's form posts to
 * its module's own controller, so the settings module knows nothing of what it sets.
 */
public interface SettingsSection {

    /** The template holding a fragment named {@code section}. */
    String template();

    /** The model attributes the fragment reads. */
    Map<String, Object> model();
}
