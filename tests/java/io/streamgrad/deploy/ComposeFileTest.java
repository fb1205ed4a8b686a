package io.streamgrad.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamgrad.config.ConfigTree;
import io.streamgrad.cli.Main;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, read as Docker Compose reads it, agrees with the repository: the services exist,
 * images are pinned, ports are declared and match the configuration, every mounted host path exists,
 * every streamgrad command is one the CLI has, and every STREAMGRAD_ variable overrides a real key.
 */
class ComposeFileTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> STREAMGRAD_SERVICES = Set.of("trainer", "producer", "serve");
    /** The CLI commands the tests run outside Docker. */
    private static final Set<String> CLI_COMMANDS = Set.of("train", "produce", "serve");
    private static final ConfigTree DEFAULTS = ConfigTree.load(null, Map.of());

    private static JsonNode read(String path) throws IOException {
        return YAML.readTree(Path.of(path).toFile());
    }

    private static JsonNode services() throws IOException {
        return read("docker-compose.yml").path("services");
    }

    private static Map<String, JsonNode> byName(JsonNode services) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        services.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void theServicesExist() throws IOException {
        assertThat(byName(services())).containsOnlyKeys("kafka", "trainer", "producer", "serve", "prometheus",
                "grafana");
        assertThat(services().path("kafka").path("image").asText()).isEqualTo("apache/kafka:4.1.1");
    }

    @Test
    void everyImageIsPinnedToAVersion() throws IOException {
        byName(services()).forEach((name, service) -> {
            String image = service.path("image").asText();
            int colon = image.lastIndexOf(':');
            assertThat(colon).as("service %s: image '%s' has no tag", name, image).isGreaterThan(image.lastIndexOf('/'));
            assertThat(image.substring(colon + 1)).as("service %s: tag of %s", name, image)
                    .isNotEqualTo("latest").matches(".*\\d.*");
        });
    }

    @Test
    void portsAreDeclaredOnLocalhostAndMatchTheConfiguration() throws IOException {
        Map<String, JsonNode> services = byName(services());
        for (String name : List.of("kafka", "trainer", "serve", "prometheus", "grafana")) {
            assertThat(services.get(name).path("ports")).as("ports of %s", name).isNotEmpty();
            assertThat(texts(services.get(name).path("ports"))).as("ports of %s", name)
                    .allMatch(p -> p.matches("127\\.0\\.0\\.1:\\d+:\\d+"));
        }
        String metricsPort = ":" + DEFAULTS.integer("metrics.prometheus.port");
        assertThat(texts(services.get("trainer").path("ports"))).anyMatch(p -> p.endsWith(metricsPort));
        assertThat(texts(services.get("serve").path("ports"))).anyMatch(p -> p.endsWith(metricsPort))
                .anyMatch(p -> p.endsWith(":" + DEFAULTS.integer("serving.port")));
    }

    @Test
    void everyMountedHostPathExistsInTheRepository() throws IOException {
        int mounts = 0;
        for (Map.Entry<String, JsonNode> service : byName(services()).entrySet()) {
            for (String volume : texts(service.getValue().path("volumes"))) {
                String host = volume.split(":")[0];
                assertThat(host).as("service %s mounts %s: a relative host path", service.getKey(), volume)
                        .startsWith("./");
                assertThat(Path.of(host)).as("service %s mounts %s", service.getKey(), volume).exists();
                mounts++;
            }
        }
        assertThat(mounts).isGreaterThanOrEqualTo(5);
    }

    @Test
    void streamgradServicesRunACliCommandOnTheBuiltImage() throws IOException {
        Map<String, JsonNode> services = byName(services());
        Set<String> commands = new HashSet<>();
        for (String name : STREAMGRAD_SERVICES) {
            JsonNode service = services.get(name);
            List<String> command = texts(service.path("command"));
            assertThat(service.path("build").asText()).as("%s builds the Dockerfile", name).isEqualTo(".");
            assertThat(command).as("command of %s", name).hasSizeGreaterThan(1);
            assertThat(command.get(0)).isEqualTo("./streamgrad");
            assertThat(CLI_COMMANDS).as("command of %s", name).contains(command.get(1));
            commands.add(command.get(1));
            int config = command.indexOf("--config");
            if (config >= 0) {
                assertThat(texts(service.path("volumes"))).as("%s mounts its --config", name)
                        .anyMatch(v -> v.split(":")[1].equals(command.get(config + 1)));
            }
            int csv = command.indexOf("--csv");
            if (csv >= 0) {
                assertThat(Path.of(command.get(csv + 1))).as("the data %s replays", name).exists();
            }
            assertThat(service.path("environment").path("STREAMGRAD_KAFKA_BOOTSTRAP_SERVERS").asText())
                    .as("%s reaches the broker", name).isEqualTo("kafka:9092");
        }
        assertThat(commands).isEqualTo(CLI_COMMANDS);
    }

    /**
     * The arguments parse as the CLI's own (picocli) parser reads them, so an option the command lacks fails
     * here rather than in a container. A command the CLI does not have yet is reported as skipped.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"trainer", "producer", "serve"})
    void theCommandsArgumentsParse(String name) throws IOException {
        List<String> command = texts(services().path(name).path("command"));
        CommandLine cli = new CommandLine(new Main());
        if (!cli.getSubcommands().containsKey(command.get(1))) {
            Assumptions.abort("the CLI has no '" + command.get(1) + "' command yet (service " + name + ")");
        }

        ParseResult parsed = cli.parseArgs(command.subList(1, command.size()).toArray(String[]::new));

        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(command.get(1));
    }

    @Test
    void everyStreamgradVariableOverridesAConfigKey() throws IOException {
        Set<String> known = new HashSet<>();
        environmentNames(YAML.readTree(Path.of("config/streamgrad.yaml").toFile()), "STREAMGRAD", known);
        byName(services()).forEach((name, service) -> service.path("environment").properties().forEach(e -> {
            if (e.getKey().startsWith("STREAMGRAD_")) {
                assertThat(known).as("service %s sets %s, which overrides no key of config/streamgrad.yaml",
                        name, e.getKey()).contains(e.getKey());
            }
        }));
    }

    /** The variable names ConfigTree reads: STREAMGRAD_ + the key path upper-cased, '.' and '-' as '_'. */
    private static void environmentNames(JsonNode node, String prefix, Set<String> out) {
        node.properties().forEach(e -> {
            String name = prefix + "_" + e.getKey().toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
            if (e.getValue().isObject()) {
                environmentNames(e.getValue(), name, out);
            } else {
                out.add(name);
            }
        });
    }

    @Test
    void prometheusScrapesTheTrainerAndTheServiceOnTheirMetricsPort() throws IOException {
        List<String> targets = new ArrayList<>();
        read("config/prometheus/prometheus.yml").path("scrape_configs")
                .forEach(job -> job.path("static_configs").forEach(c -> targets.addAll(texts(c.path("targets")))));

        int port = DEFAULTS.integer("metrics.prometheus.port");
        assertThat(targets).containsExactlyInAnyOrder("trainer:" + port, "serve:" + port);
    }

    @Test
    void grafanaLoadsTheDashboardsFromWhereTheyAreMounted() throws IOException {
        String path = read("config/grafana/provisioning/dashboards/dashboards.yaml").path("providers").get(0)
                .path("options").path("path").asText();

        assertThat(texts(services().path("grafana").path("volumes")))
                .contains("./config/grafana/dashboards:" + path + ":ro");
        assertThat(Path.of("config/grafana/dashboards/streamgrad.json")).exists();
    }

    @Test
    void theDockerfileBuildsWithTheWrapperAndCopiesOnlyWhatExists() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile"));

        assertThat(lines).anyMatch(l -> l.contains("./mvnw -B -DskipTests package"))
                .anyMatch(l -> l.equals("FROM eclipse-temurin:25-jdk AS build"));
        lines.stream().filter(l -> l.startsWith("COPY ") && !l.startsWith("COPY --from")).forEach(l -> {
            String[] parts = l.split("\\s+");
            for (int i = 1; i < parts.length - 1; i++) {
                assertThat(Path.of(parts[i])).as("Dockerfile: %s", l).exists();
            }
        });
    }
}
