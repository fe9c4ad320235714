package dev.bosun.account.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ClientRepository extends JpaRepository<Client, Long> {

    String ROW = """
            SELECT new dev.bosun.account.internal.ClientRow(c.id, c.name, c.email, c.createdAt,
                   (SELECT count(u) FROM ClientUser u WHERE u.clientId = c.id))
            FROM Client c""";

    @Query(ROW + " ORDER BY lower(c.name)")
    List<ClientRow> findRows();

    @Query(ROW + " WHERE c.id IN :ids ORDER BY lower(c.name)")
    List<ClientRow> findRows(@Param("ids") Collection<Long> ids);

    @Query(ROW + " WHERE c.id = :id")
    Optional<ClientRow> findRow(@Param("id") long id);
}
