package dev.bosun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.test.TestDatabaseInitializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Without {@code bosun.public-url} the panel names the port it listens on, or the address a request came to. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
class PanelAddressTests {

    @LocalServerPort
    int port;

    @Autowired
    PanelAddress panel;

    @AfterEach
    void clearRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void outsideRequestsTheAddressIsTheLocalPort(CapturedOutput output) {
        assertThat(port).isNotEqualTo(8080);
        assertThat(panel.isConfigured()).isFalse();
        assertThat(panel.url()).isEqualTo("http://localhost:" + port);
        assertThat(output.getAll()).contains("Log in at http://localhost:" + port + "/login");
    }

    @Test
    void inARequestTheAddressIsTheOneTheRequestCameTo() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setScheme("https");
        request.setServerName("panel.example.com");
        request.setServerPort(443);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));

        assertThat(panel.url()).isEqualTo("https://panel.example.com");
        assertThat(panel.local()).isEqualTo("http://localhost:" + port);
    }

    @Test
    void aConfiguredAddressWinsEverywhere() {
        PanelAddress configured = new PanelAddress(
                new BosunProperties(null, null, null, null, null, null, "https://bosun.example.org/"));
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));

        assertThat(configured.url()).isEqualTo("https://bosun.example.org");
        assertThat(configured.local()).isEqualTo("https://bosun.example.org");
    }
}
