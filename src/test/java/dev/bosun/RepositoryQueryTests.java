package dev.bosun;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repositories' written queries ({@code @Query}) are read with Spring Data's plain reader
 * ({@link RepositoryQueryEnhancers}), which is only sound while none of them is paged or sorted by Spring Data:
 * no {@link Pageable} or {@link Sort} parameter, no {@link Slice} or page returned.
 */
class RepositoryQueryTests {

    @Test
    void noWrittenRepositoryQueryIsPagedOrSortedBySpringData() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.bosun");
        List<String> queries = new ArrayList<>();
        List<String> pagedOrSorted = new ArrayList<>();
        for (JavaClass repository : classes) {
            if (!repository.isInterface() || !repository.isAssignableTo(Repository.class)) {
                continue;
            }
            for (JavaMethod method : repository.getMethods()) {
                if (!method.isAnnotatedWith(Query.class)) {
                    continue;
                }
                queries.add(method.getFullName());
                boolean paged = method.getRawParameterTypes().stream().anyMatch(type -> type.isAssignableTo(Pageable.class)
                        || type.isAssignableTo(Sort.class)) || method.getRawReturnType().isAssignableTo(Slice.class);
                if (paged) {
                    pagedOrSorted.add(method.getFullName());
                }
            }
        }

        assertThat(queries).as("the repositories' written queries were found").hasSizeGreaterThan(10);
        assertThat(pagedOrSorted).as("written queries paged or sorted by Spring Data: they need its HQL reader"
                + " (remove RepositoryQueryEnhancers, see its javadoc)").isEmpty();
    }
}
