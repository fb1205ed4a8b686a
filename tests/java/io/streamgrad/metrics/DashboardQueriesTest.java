package io.streamgrad.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard asks Prometheus only for series our meters really produce: every metric name in
 * its PromQL is one that a scrape of a registry holding every meter contains, under Micrometer's
 * Prometheus naming ({@code _total}, {@code _seconds_count} ...).
 */
class DashboardQueriesTest {
    private static final Path DATASOURCES = Path.of("config/grafana/provisioning/datasources/prometheus.yaml");

    @AutoClose
    private final MeteredTraining training = new MeteredTraining();

    @Test
    void everyMetricTheDashboardQueriesIsInAScrape() {
        Map<String, String> expressions = Dashboard.expressions(Dashboard.read());
        Set<String> scraped = training.scrape().names();

        assertThat(expressions).hasSizeGreaterThan(10);
        expressions.forEach((where, expr) -> {
            Set<String> names = PromQl.metricNames(expr);
            assertThat(names).as("metric names in %s: %s", where, expr).isNotEmpty();
            assertThat(scraped).as("%s queries %s", where, expr).containsAll(names);
        });
    }

    @Test
    void theDashboardHasThePanelsTheIssueAsksFor() {
        JsonNode dashboard = Dashboard.read();
        List<String> titles = Dashboard.panels(dashboard).stream().map(p -> p.path("title").asText()).toList();

        assertThat(titles).contains("Loss", "Prequential MSE", "Prequential MAE", "Prequential R²",
                "Throughput (rows/s)", "Consumer lag", "Step time by phase", "Rejected rows by reason",
                "Model version");
        assertThat(Dashboard.expressions(dashboard).values())
                .anyMatch(e -> e.contains("rate(streamgrad_rows_consumed_total[1m])"));
    }

    @Test
    void panelsUseTheProvisionedDataSource() throws IOException {
        JsonNode provisioned = new ObjectMapper(new YAMLFactory()).readTree(DATASOURCES.toFile());
        String uid = provisioned.path("datasources").get(0).path("uid").asText();
        JsonNode dashboard = Dashboard.read();

        assertThat(Dashboard.panels(dashboard)).allSatisfy(p -> assertThat(p.path("datasource").path("uid").asText())
                .as("data source of panel '%s'", p.path("title").asText()).isEqualTo(uid));
    }

    @Test
    void theExtractorFindsMetricNamesAndNothingElse() {
        assertThat(PromQl.metricNames("sum by (phase) (rate(a_seconds_sum{model=~\"$model\", x=\"b_c\"}[1m]))"
                + " / sum without (instance) (rate(a_seconds_count[5m] offset 1m)) * 1e3 > bool 0.5"))
                .containsExactly("a_seconds_sum", "a_seconds_count");
        assertThat(PromQl.metricNames("max(up) or vector(0)")).containsExactly("up");
        assertThat(PromQl.metricNames("label_values(streamgrad_steps_total, model)"))
                .containsExactly("streamgrad_steps_total");
    }
}
