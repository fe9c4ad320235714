package dev.bosun.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.EnumSet;
import java.util.Set;

import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@BosunTest
class SettingsTests {

    @Autowired
    SettingsService settings;

    @Autowired
    MockMvc mvc;

    @AfterEach
    void reset() {
        settings.setFeatures(EnumSet.noneOf(Feature.class));
        settings.updateSiteSettings(new SiteSettings(true));
        settings.updateClientTaskTypes(SettingsService.DEFAULT_CLIENT_TASK_TYPES);
    }

    @Test
    void featuresAreOffAndDisableBeforeDeleteIsRequiredByDefault() {
        assertThat(settings.enabledFeatures()).isEmpty();
        assertThat(settings.siteSettings().requireDisableBeforeDelete()).isTrue();
    }

    @Test
    void turningCloneOnTurnsMigrateOnAndTurningMigrateOffTurnsCloneOff() {
        assertThat(settings.setFeatures(Set.of(Feature.CLONE))).containsExactlyInAnyOrder(Feature.CLONE, Feature.MIGRATE);
        assertThat(settings.isEnabled(Feature.MIGRATE)).isTrue();

        settings.setFeature(Feature.MIGRATE, false);
        assertThat(settings.isEnabled(Feature.CLONE)).isFalse();
        assertThat(settings.isEnabled(Feature.MIGRATE)).isFalse();
    }

    @Test
    void featuresPageSavesTheSwitchesAndSaysWhenMigrateCameAlong() throws Exception {
        mvc.perform(post("/admin/features").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("feature", "CLONE").param("feature", "BACKUP_MANAGER"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flash", containsString("Migrate has been turned on too")));
        assertThat(settings.enabledFeatures())
                .containsExactlyInAnyOrder(Feature.CLONE, Feature.MIGRATE, Feature.BACKUP_MANAGER);
        mvc.perform(get("/admin/features").with(user("admin").roles("ADMIN")))
                .andExpect(content().string(containsString("Backup manager")));
    }

    @Test
    void settingsPageStoresRequireDisableBeforeDeletion() throws Exception {
        mvc.perform(post("/admin/settings").with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(settings.siteSettings().requireDisableBeforeDelete()).isFalse();
        mvc.perform(post("/admin/settings").with(user("admin").roles("ADMIN")).with(csrf())
                .param("requireDisableBeforeDelete", "true"));
        assertThat(settings.siteSettings().requireDisableBeforeDelete()).isTrue();
    }

    @Test
    void clientsRunLoginResetBackupAndVerifyUntilTheAdminChoosesOtherTasks() throws Exception {
        assertThat(settings.clientTaskTypes()).containsExactlyInAnyOrder("login-reset", "backup", "verify");
        mvc.perform(get("/admin/settings").with(user("admin").roles("ADMIN")))
                .andExpect(content().string(containsString("Tasks clients may run")));

        mvc.perform(post("/admin/settings").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("requireDisableBeforeDelete", "true").param("clientTasksShown", "true")
                        .param("clientTask", "backup").param("clientTask", "disable").param("clientTask", "install"))
                .andExpect(status().is3xxRedirection());
        assertThat(settings.clientTaskTypes()).containsExactlyInAnyOrder("backup", "disable");

        mvc.perform(post("/admin/settings").with(user("admin").roles("ADMIN")).with(csrf())
                .param("requireDisableBeforeDelete", "true").param("clientTasksShown", "true"));
        assertThat(settings.clientTaskTypes()).isEmpty();
    }

    @Test
    void onlyAdminsReachSettingsAndFeatures() throws Exception {
        mvc.perform(get("/admin/settings").with(user("op").roles("OPERATOR"))).andExpect(status().isForbidden());
        mvc.perform(post("/admin/features").with(user("op").roles("OPERATOR")).with(csrf()).param("feature", "CLONE"))
                .andExpect(status().isForbidden());
        assertThat(settings.enabledFeatures()).isEmpty();
    }
}
