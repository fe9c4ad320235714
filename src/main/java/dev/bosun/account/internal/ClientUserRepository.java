package dev.bosun.account.internal;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ClientUserRepository extends JpaRepository<ClientUser, ClientUser.Key> {

    List<ClientUser> findAllByUserId(long userId);

    @Query("SELECT cu.clientId FROM ClientUser cu WHERE cu.userId = :userId ORDER BY cu.clientId")
    List<Long> findClientIds(@Param("userId") long userId);

    @Query("SELECT cu.userId, cu.clientId FROM ClientUser cu WHERE cu.userId IN :userIds ORDER BY cu.clientId")
    List<Object[]> findClientIds(@Param("userIds") Collection<Long> userIds);

    @Query("""
            SELECT u FROM UserAccount u JOIN ClientUser cu ON cu.userId = u.id
            WHERE cu.clientId = :clientId ORDER BY lower(u.username)""")
    List<UserAccount> findUsers(@Param("clientId") long clientId);
}
