package dev.bosun.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import dev.bosun.BosunProperties;
import dev.bosun.InvalidInputException;
import dev.bosun.PanelAddress;
import dev.bosun.account.internal.ClientStore;
import dev.bosun.account.internal.RecoveryCodeStore;
import dev.bosun.account.internal.ResetLinkStore;
import dev.bosun.account.internal.UserAccount;
import dev.bosun.account.internal.UserAccountRepository;
import dev.bosun.account.internal.UserSessions;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.util.ReflectionTestUtils;

/** The last enabled administrator stays one, whoever asks (the rule beside "not yourself"). */
class UserGuardRailsTests {

    final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    final UserAccountRepository repository = mock(UserAccountRepository.class);
    final UserSessions sessions = mock(UserSessions.class);
    final UserAdministration users = new UserAdministration(repository, mock(ClientStore.class),
            mock(ResetLinkStore.class), mock(RecoveryCodeStore.class), mock(PasswordEncoder.class), sessions,
            mock(ApiTokens.class), mock(AuditLog.class), mock(PanelAddress.class), mock(BosunProperties.class), clock);

    final UserAccount lastAdmin = new UserAccount("root", "{noop}x", Role.ADMIN, null, clock.instant());

    {
        ReflectionTestUtils.setField(lastAdmin, "id", 7L);
    }

    @Test
    void theLastEnabledAdministratorCannotBeDisabledDeletedOrDemoted() {
        when(repository.findById(7L)).thenReturn(Optional.of(lastAdmin));
        when(repository.countByRoleAndEnabledTrue(Role.ADMIN)).thenReturn(1L);

        assertThatThrownBy(() -> users.setEnabled(7L, false, "someone-else"))
                .isInstanceOf(InvalidInputException.class).hasMessage("You cannot disable the last enabled administrator.");
        assertThatThrownBy(() -> users.delete(7L, "someone-else"))
                .isInstanceOf(InvalidInputException.class).hasMessage("You cannot delete the last enabled administrator.");
        assertThatThrownBy(() -> users.update(7L, new UserEdit(null, Role.OPERATOR, List.of()), "someone-else"))
                .isInstanceOf(InvalidInputException.class).hasMessage("You cannot demote the last enabled administrator.");
        assertThat(lastAdmin.isEnabled()).isTrue();
        assertThat(lastAdmin.getRole()).isEqualTo(Role.ADMIN);
        verify(repository, never()).delete(any());
    }

    @Test
    void withAnotherEnabledAdministratorOneMayBeDisabled() {
        when(repository.findById(7L)).thenReturn(Optional.of(lastAdmin));
        when(repository.countByRoleAndEnabledTrue(Role.ADMIN)).thenReturn(2L);

        users.setEnabled(7L, false, "someone-else");

        assertThat(lastAdmin.isEnabled()).isFalse();
        verify(sessions).endAllBut("root", null);
    }
}
