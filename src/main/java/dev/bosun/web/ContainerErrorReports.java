package dev.bosun.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests Tomcat refuses before the panel sees them (an undecodable {@code %zz}, an encoded slash or
 * NUL in the path) are answered by Tomcat's error report: for programs it writes problem+json as the
 * panel's own errors do, for browsers Tomcat's bare page without server details.
 */
@Component
class ContainerErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            var host = context.getParent();
            if (host instanceof org.apache.catalina.core.StandardHost standardHost) {
                standardHost.setErrorReportValveClass(ProblemJsonReportValve.class.getName());
            }
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new ProblemJsonReportValve());
        });
    }

    /** After Spring Boot's customizer, which adds Tomcat's own report valve. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    static class ProblemJsonReportValve extends ErrorReportValve {

        ProblemJsonReportValve() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            if (wantsPage(request)) {
                super.report(request, response, throwable);
                return;
            }
            int code = response.getStatus();
            if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            HttpStatus status = HttpStatus.resolve(code);
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", status != null ? status.getReasonPhrase() : "Error");
            problem.put("status", code);
            problem.put("detail", code == 400 ? "The request's address or headers are malformed." : "The request was refused.");
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(JsonMapper.shared().writeValueAsString(problem));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The client is gone or the response was taken: nothing left to tell it.
            }
        }

        private static boolean wantsPage(Request request) {
            String accept = request.getHeader("Accept");
            String uri = request.getRequestURI();
            boolean api = uri != null && uri.startsWith("/api/");
            return !api && accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
        }
    }
}
