package dev.bosun;

import org.springframework.data.jpa.repository.query.DeclaredQuery;
import org.springframework.data.jpa.repository.query.QueryEnhancerFactories;
import org.springframework.data.jpa.repository.query.QueryEnhancerFactory;
import org.springframework.data.jpa.repository.query.QueryEnhancerSelector;

/**
 * How Spring Data reads the repositories' {@code @Query} strings: with its plain (regular expression) reader, not
 * its HQL grammar. The grammar's parser (ANTLR) is the largest single part of the panel's start on the reference
 * machine, about half a second at every start (docs/benchmarks.md#startup), and it only matters for what the
 * panel's repository queries never ask for: a Pageable or a Sort applied to a written query, a count query derived
 * from one. {@code RepositoryQueryTests} fails when a repository starts to ask for them. Hibernate still parses
 * and checks every query at start.
 */
public class RepositoryQueryEnhancers implements QueryEnhancerSelector {

    @Override
    public QueryEnhancerFactory select(DeclaredQuery query) {
        return QueryEnhancerFactories.fallback();
    }
}
