package io.streamgrad.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamgrad.pipeline.Output;
import io.streamgrad.pipeline.TrainingStateCodec;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests in flight while new versions are swapped in: none fails, each answers with a version that was
 * published and exactly that version's predictions, and no client sees the version go back.
 */
class ModelSwapTest {
    private static final int VERSIONS = 20;
    private static final int CLIENTS = 6;
    private static final double[] ROW = {100_000, 120_000, 300_000};
    private static final String BODY = "{\"rows\": [{\"R&D Spend\": 100000, \"Administration\": 120000,"
            + " \"Marketing Spend\": 300000}]}";

    @AutoClose
    private final TestServer server = new TestServer();
    @AutoClose("shutdownNow")
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);

    private record Answer(int status, long version, double prediction) {
    }

    @Test
    void requestsDuringSwapsNeverFailAndMatchTheirVersion() throws Exception {
        List<Output.ModelPublication> updates = PublishedModels.publish(VERSIONS);
        Map<Long, Double> expected = new HashMap<>();
        for (Output.ModelPublication u : updates) {
            expected.put(u.version(), TrainingStateCodec.decode(u.state(), PublishedModels.spec())
                    .predict(new double[][] {ROW})[0]);
        }
        server.models().update(updates.get(0).state());
        AtomicBoolean swapping = new AtomicBoolean(true);
        List<Future<List<Answer>>> answers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            answers.add(clients.submit(() -> predictUntil(swapping)));
        }

        for (Output.ModelPublication u : updates.subList(1, VERSIONS)) {
            assertThat(server.models().update(u.state())).isTrue();
            Thread.sleep(15);
        }
        swapping.set(false);

        List<Answer> all = new ArrayList<>();
        for (Future<List<Answer>> f : answers) {
            List<Answer> mine = f.get();
            assertThat(mine).extracting(Answer::version).isSorted();
            all.addAll(mine);
        }
        assertThat(all).hasSizeGreaterThan(VERSIONS);
        assertThat(all).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(200);
            assertThat(expected).containsKey(a.version());
            assertThat(a.prediction()).isEqualTo(expected.get(a.version()));
        });
        assertThat(all).extracting(Answer::version).contains((long) VERSIONS).hasSizeGreaterThan(1);
        assertThat(all.stream().map(Answer::version).distinct().count()).isGreaterThan(2);
    }

    /** Predicts in a loop while the swaps go on, and once more after the last one. */
    private List<Answer> predictUntil(AtomicBoolean swapping) {
        List<Answer> out = new ArrayList<>();
        boolean last;
        do {
            last = !swapping.get();
            HttpResponse<String> response = server.post("/predict", BODY);
            JsonNode body = TestServer.json(response);
            out.add(new Answer(response.statusCode(), body.path("model_version").asLong(-1),
                    body.path("predictions").path(0).asDouble(Double.NaN)));
        } while (!last);
        return out;
    }
}
