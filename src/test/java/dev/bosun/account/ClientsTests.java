package dev.bosun.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.bosun.InvalidInputException;
import dev.bosun.NumberedPage;
import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@BosunTest
class ClientsTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ClientService clients;

    @Autowired
    AccountService accounts;

    @Test
    void theFormCreatesAClientAndShowsErrorsOnTheFields() throws Exception {
        mvc.perform(post("/clients/new").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("name", "").param("email", "not-an-address"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Give the client a name.")))
                .andExpect(content().string(containsString("This is not an e-mail address.")));

        mvc.perform(post("/clients/new").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("name", "Harbour Inc").param("email", "ops@harbour.example"))
                .andExpect(status().is3xxRedirection());
        assertThat(clients.list(ClientScope.ALL)).extracting(ClientInfo::name).contains("Harbour Inc");

        mvc.perform(post("/clients/new").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("name", "harbour inc"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("A client with this name exists already.")));
    }

    @Test
    void aClientUserSeesOnlyItsOwnClient() throws Exception {
        ClientInfo mine = clients.create(new ClientForm("Mine Ltd", null));
        clients.create(new ClientForm("Theirs Ltd", null));
        clients.addUser(mine.id(), new ClientUserForm("mine-user", "me@mine.example", "mine-user-password"));

        assertThat(accounts.clientScope("mine-user")).isEqualTo(ClientScope.of(java.util.List.of(mine.id())));
        mvc.perform(get("/api/v1/clients").with(httpBasic("mine-user", "mine-user-password")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].name").value("Mine Ltd"));
        mvc.perform(get("/clients").with(user("mine-user").roles("CLIENT")))
                .andExpect(status().isForbidden());
    }

    @Test
    void apiCreatesClientsForAdminsAndAnswers422WithFields() throws Exception {
        mvc.perform(post("/api/v1/clients").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Api Client\",\"email\":\"a@b.example\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("Api Client"));
        mvc.perform(post("/api/v1/clients").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"\",\"email\":\"nope\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.errors[?(@.field == 'name')].message").value("Give the client a name."))
                .andExpect(jsonPath("$.errors[?(@.field == 'email')]").exists());
        mvc.perform(post("/api/v1/clients").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"api client\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("name"));

        accounts.createUser("api-operator", "api-operator-pass", Role.OPERATOR, null);
        mvc.perform(post("/api/v1/clients").with(httpBasic("api-operator", "api-operator-pass"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Sneaky\"}"))
                .andExpect(status().isForbidden());
        assertThat(clients.list(ClientScope.ALL)).extracting(ClientInfo::name).doesNotContain("Sneaky");
    }

    @Test
    void clientUserFormRefusesATakenUserName() throws Exception {
        ClientInfo client = clients.create(new ClientForm("Dup Users", null));
        mvc.perform(post("/clients/{id}/users", client.id()).with(user("admin").roles("ADMIN")).with(csrf())
                        .param("username", "admin").param("password", "long-enough-password"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("This user name is taken.")));
        mvc.perform(get("/clients/{id}", 999_999).with(user("admin").roles("ADMIN")))
                .andExpect(status().isNotFound());
    }

    @Test
    void renamingToANameTakenInAnotherCaseIsRefusedOnTheNameField() {
        clients.create(new ClientForm("Taken Name", null));
        ClientInfo other = clients.create(new ClientForm("Free Name", "free@name.example"));

        assertThatThrownBy(() -> clients.update(other.id(), new ClientForm("taken name", null)))
                .isInstanceOfSatisfying(InvalidInputException.class, refused -> assertThat(refused.violations())
                        .containsExactly(new InvalidInputException.Violation("name", "A client with this name exists already.")));
        assertThat(clients.get(other.id())).isEqualTo(other);
        assertThat(clients.update(other.id(), new ClientForm(" Renamed Name ", " ")))
                .extracting(ClientInfo::name, ClientInfo::email).containsExactly("Renamed Name", null);
        assertThatThrownBy(() -> clients.update(999_999, new ClientForm("Nobody", null)))
                .isInstanceOf(ClientNotFoundException.class);
    }

    @Test
    void aScopeOfNoClientsListsNone() {
        clients.create(new ClientForm("Unseen Ltd", null));

        assertThat(clients.list(ClientScope.of(java.util.List.of()))).isEmpty();
        assertThat(clients.list(ClientScope.ALL)).extracting(ClientInfo::name).contains("Unseen Ltd");
    }

    @Test
    void theClientListShowsFiftyAPageWithALinkToTheLast() throws Exception {
        for (int i = 0; i < NumberedPage.SIZE + 5; i++) {
            clients.create(new ClientForm("Paged " + System.nanoTime() + " " + i, null));
        }
        java.util.List<ClientInfo> all = clients.list(ClientScope.ALL);
        int last = (all.size() - 1) / NumberedPage.SIZE;

        NumberedPage<ClientInfo> first = clients.page(ClientScope.ALL, 0);
        NumberedPage<ClientInfo> lastPage = clients.page(ClientScope.ALL, last);

        assertThat(first.items()).isEqualTo(all.subList(0, NumberedPage.SIZE));
        assertThat(first.total()).isEqualTo(all.size());
        assertThat(lastPage.items()).isEqualTo(all.subList(last * NumberedPage.SIZE, all.size()));
        assertThat(lastPage.hasNext()).isFalse();
        mvc.perform(get("/clients").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Page 1 of " + (last + 1))))
                .andExpect(content().string(containsString("href=\"/clients?page=" + last + "\"")));
    }
}
