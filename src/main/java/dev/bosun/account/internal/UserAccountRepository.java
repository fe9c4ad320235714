package dev.bosun.account.internal;

import java.util.Optional;

import dev.bosun.account.Role;
import org.springframework.data.jpa.repository.JpaRepository;

public interface UserAccountRepository extends JpaRepository<UserAccount, Long> {

    Optional<UserAccount> findByUsernameIgnoreCase(String username);

    long countByRoleAndEnabledTrue(Role role);
}
