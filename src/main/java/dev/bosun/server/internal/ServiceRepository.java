package dev.bosun.server.internal;

import java.util.Collection;
import java.util.List;

import dev.bosun.server.ServerStatus;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ServiceRepository extends JpaRepository<ServiceEntity, Long> {

    List<ServiceEntity> findByServerIdIn(Collection<Long> serverIds);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("UPDATE ServiceEntity s SET s.status = :status WHERE s.serverId = :serverId")
    int setStatusOfServer(@Param("serverId") long serverId, @Param("status") ServerStatus status);
}
