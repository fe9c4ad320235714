package dev.bosun.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** docs/api.md lists every call of the API, no more and no less, and each answers as the API does. */
@BosunTest
class ApiDocsTests {

    private static final Pattern CALL = Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE) (/api/v1/\\S*)` \\|");

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Test
    void theDocumentedCallsAreExactlyTheCallsOfTheOpenApiDocument() throws Exception {
        String document = mvc.perform(get("/v3/api-docs").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Set<String> served = new TreeSet<>();
        JsonNode paths = json.readTree(document).path("paths");
        for (String path : paths.propertyNames()) {
            for (String method : paths.path(path).propertyNames()) {
                served.add(method.toUpperCase() + " " + path);
            }
        }

        assertThat(served).as("the OpenAPI document lists the API").isNotEmpty();
        assertThat(documentedCalls()).isEqualTo(served);
    }

    @Test
    void everyDocumentedCallIsServedAndAsksForCredentials() throws Exception {
        Set<String> calls = documentedCalls();
        assertThat(calls).hasSizeGreaterThan(20);
        for (String call : calls) {
            String[] parts = call.split(" ", 2);
            String path = parts[1].replaceAll("\\{[^}]+}", "1");
            mvc.perform(request(HttpMethod.valueOf(parts[0]), path))
                    .andExpect(status().isUnauthorized())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        }
    }

    /** The calls of the table "Every call" of docs/api.md, as "GET /api/v1/sites/{id}". */
    static Set<String> documentedCalls() throws Exception {
        Set<String> calls = new TreeSet<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("docs", "api.md"))) {
            if (line.startsWith("## ")) {
                inTable = line.equals("## Every call");
                continue;
            }
            Matcher call = CALL.matcher(line);
            if (inTable && call.find()) {
                calls.add(call.group(1) + " " + call.group(2));
            }
        }
        return calls;
    }
}
