package dev.bosun.account.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.repository.Repository;

/**
 * The audit log's entries: appended and read, nothing else. Deliberately not a {@code JpaRepository}, so no
 * delete or bulk method exists; the entity is {@code @Immutable} and the table refuses UPDATE and DELETE (V81).
 */
interface AuditRecordRepository extends Repository<AuditRecord, Long> {

    AuditRecord save(AuditRecord entry);

    AuditRecord saveAndFlush(AuditRecord entry);

    void flush();

    Optional<AuditRecord> findById(Long id);

    List<AuditRecord> findAllByOrderByAtDescIdDesc(Limit limit);
}
