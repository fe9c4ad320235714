package dev.bosun.account.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface UserAccountRepository extends JpaRepository<UserAccount, Long> {

    Optional<UserAccount> findByUsernameIgnoreCase(String username);

    @Query(value = "SELECT client_id FROM client_users WHERE user_id = :userId ORDER BY client_id", nativeQuery = true)
    List<Long> findClientIds(@Param("userId") long userId);
}
