package io.streamgrad.serving;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgrad.config.ConfigTree;
import io.streamgrad.pipeline.BatchResult;
import io.streamgrad.pipeline.CsvRowDecoder;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.pipeline.ModelStore;
import io.streamgrad.pipeline.Output;
import io.streamgrad.pipeline.SourceRecord;
import io.streamgrad.pipeline.TrainerCore;
import io.streamgrad.pipeline.TrainerListener;
import io.streamgrad.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page in a real browser while a model trains: headless Chromium loads it twice a few seconds
 * apart, and the DOM its script built shows a loss curve with points and a version that grew. A screenshot
 * is kept in target/status-page.png for a person to look at. Skips where Chromium is not installed
 * (.ci/run installs Debian's package).
 */
class StatusPageBrowserTest {
    private static final Path SCREENSHOT = Path.of("target/status-page.png");
    private static final Pattern VERSION = Pattern.compile("<body[^>]*\\sdata-version=\"(\\d+)\"");
    private static final Pattern POINTS = Pattern.compile("<canvas[^>]*\\sdata-points=\"(\\d+)\"");

    @TempDir
    private Path dir;

    @Test
    void thePageShowsTheLossCurveAndTheVersionGrowsWhileTheModelTrains() throws Exception {
        HeadlessChromium chromium = new HeadlessChromium(HeadlessChromium.binaryOrSkip(), dir);
        ConfigTree config = PublishedModels.config(Map.of("serving.port", 0));
        try (TrainerStatusPage page = TrainerStatusPage.start(config, new SimpleMeterRegistry());
             Training training = Training.start(config, page.listener())) {
            Await.until(Duration.ofSeconds(30), "a first published version", () -> page.status().snapshot().version() > 0,
                    () -> page.status().snapshot().toString());
            String first = chromium.dumpDom(page.uri());
            Thread.sleep(3_000);   // the model trains on meanwhile
            String second = chromium.dumpDom(page.uri());
            chromium.screenshot(page.uri(), SCREENSHOT, 1200, 800);

            assertThat(number(POINTS, first)).as("loss points drawn on the first load").isPositive();
            assertThat(number(POINTS, second)).as("loss points drawn on the second load").isPositive();
            assertThat(number(VERSION, second)).as("version shown on the second load")
                    .isGreaterThan(number(VERSION, first)).isPositive();
            assertThat(Files.size(SCREENSHOT)).isPositive();
        }
    }

    private static long number(Pattern attribute, String dom) {
        Matcher m = attribute.matcher(dom);
        assertThat(m.find()).as("%s in the page's DOM (the script did not run?):%n%s", attribute, dom).isTrue();
        return Long.parseLong(m.group(1));
    }

    /**
     * The real {@link TrainerCore} on its own thread, one batch of the startups rows every 50 ms, each batch
     * published, reported to {@code listener} as {@code KafkaTrainer} reports a batch and its commit.
     */
    private static final class Training implements AutoCloseable {
        private final Thread thread;

        private Training(Thread thread) {
            this.thread = thread;
        }

        static Training start(ConfigTree config, TrainerListener listener) {
            ModelSpec spec = ModelSpec.from(config);
            TrainerCore core = new TrainerCore(spec, new CsvRowDecoder(config.strings("input.columns"),
                    spec.features(), spec.target(), "", 4096), 1, ModelStore.empty());
            List<String> rows = PublishedModels.rows();
            Thread thread = Thread.ofPlatform().name("status-page-training").daemon().start(() -> {
                long offset = 0;
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        List<SourceRecord> batch = batch(rows, offset);
                        offset += batch.size();
                        BatchResult result = core.process(batch);
                        listener.onBatch(result, offset);
                        listener.onCommitted(publications(result), 0);
                        Thread.sleep(50);
                    }
                } catch (InterruptedException stop) {
                    // closed
                }
            });
            return new Training(thread);
        }

        private static List<SourceRecord> batch(List<String> rows, long firstOffset) {
            List<SourceRecord> batch = new ArrayList<>();
            long offset = firstOffset;
            for (String line : rows) {
                batch.add(new SourceRecord("streamgrad.rows", 0, offset++, null, line.getBytes(StandardCharsets.UTF_8),
                        List.of()));
            }
            return batch;
        }

        private static List<Output.ModelPublication> publications(BatchResult result) {
            return result.outputs().stream().filter(o -> o instanceof Output.ModelPublication)
                    .map(o -> (Output.ModelPublication) o).toList();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(Duration.ofSeconds(10));
        }
    }
}
