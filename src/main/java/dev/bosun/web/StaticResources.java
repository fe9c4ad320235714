package dev.bosun.web;

import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The panel's static files under their own paths: {@code /css/**}, {@code /img/**}, {@code /js/**},
 * {@code /favicon.*} from {@code classpath:/static/}, and {@code /webjars/**} (htmx, versionless links
 * resolved through the WebJars locator). Spring Boot's own mapping of {@code /**} is switched off
 * ({@code spring.web.resources.add-mappings: false}): with it, every link a page renders ({@code /tasks/42},
 * 50 rows of several links each) went through the resource URL encoding as a possible static file, and each
 * miss searched every jar of the class path, uncached; that was most of the rendering time of the lists.
 * Cache headers follow {@code spring.web.resources.cache.*}, as with Spring Boot's mapping.
 */
@Configuration(proxyBeanMethods = false)
class StaticResources implements WebMvcConfigurer {

    private final WebProperties.Resources resources;

    StaticResources(WebProperties properties) {
        this.resources = properties.getResources();
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        cached(registry.addResourceHandler("/webjars/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/"));
        for (String folder : new String[] {"css", "img", "js"}) {
            cached(registry.addResourceHandler("/" + folder + "/**")
                    .addResourceLocations("classpath:/static/" + folder + "/"));
        }
        // A pattern without a wildcard would be looked up as the empty path below the location.
        cached(registry.addResourceHandler("/favicon.*").addResourceLocations("classpath:/static/"));
    }

    private void cached(ResourceHandlerRegistration registration) {
        WebProperties.Resources.Cache cache = resources.getCache();
        if (cache.getPeriod() != null) {
            registration.setCachePeriod((int) cache.getPeriod().toSeconds());
        }
        registration.setCacheControl(cache.getCachecontrol().toHttpCacheControl());
        registration.setUseLastModified(cache.isUseLastModified());
        // The resolved URLs are cached; a versionless /webjars/ link is rendered with the WebJar's version.
        registration.resourceChain(resources.getChain().isCache());
    }
}
