package dev.bosun.server.internal;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface DbServiceRepository extends JpaRepository<DbServiceEntity, Long> {

    Optional<DbServiceEntity> findByServerId(long serverId);
}
