package dev.bosun.server.internal;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface HttpServiceRepository extends JpaRepository<HttpServiceEntity, Long> {

    Optional<HttpServiceEntity> findByServerId(long serverId);
}
