package dev.bosun.account.internal;

import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface AuditRecordRepository extends JpaRepository<AuditRecord, Long> {

    List<AuditRecord> findAllByOrderByAtDescIdDesc(Limit limit);
}
