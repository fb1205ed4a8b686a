package io.streamgrad.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamgrad.pipeline.Output;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The status page's files and the JSON it polls (the page itself runs in a browser test). */
class StatusPageTest {
    @AutoClose
    private final TestServer server = new TestServer();

    @Test
    void thePageAndItsScriptAndStyleAreServed() {
        HttpResponse<String> page = server.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"app.js\"></script>", "href=\"style.css\"", "loss-chart");
        assertThat(server.get("/index.html").body()).isEqualTo(page.body());
        HttpResponse<String> script = server.get("/app.js");
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).contains("api/status");
        assertThat(server.get("/style.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    }

    @Test
    void noOtherClasspathFileCanBeReached() {
        assertThat(server.get("/static/index.html").statusCode()).isEqualTo(404);
        assertThat(server.get("/../streamgrad.yaml").statusCode()).isEqualTo(404);
        assertThat(server.get("/streamgrad.yaml").statusCode()).isEqualTo(404);
    }

    @Test
    void statusBeforeAnyModelIsEmptyButValid() {
        JsonNode status = TestServer.json(server.get("/api/status"));

        assertThat(status.get("model_id").asText()).isEqualTo("startups");
        assertThat(status.get("version").asLong()).isZero();
        assertThat(status.get("loss_history")).isEmpty();
        assertThat(status.get("last_loss").asText()).isEqualTo("NaN");
    }

    @Test
    void statusFollowsTheServedModels() {
        List<Output.ModelPublication> updates = PublishedModels.publish(3);
        updates.forEach(u -> server.models().update(u.state()));

        JsonNode status = TestServer.json(server.get("/api/status"));

        assertThat(status.fieldNames()).toIterable().containsExactly("model_id", "version", "step", "rows_seen",
                "rows_per_second", "last_loss", "loss_history", "weights");
        assertThat(status.get("version").asLong()).isEqualTo(3);
        assertThat(status.get("step").asLong()).isEqualTo(3);
        assertThat(status.get("rows_seen").asLong()).isEqualTo(150);
        assertThat(status.get("rows_per_second").asDouble()).isPositive();
        assertThat(status.get("loss_history")).hasSize(3);
        assertThat(status.get("loss_history").get(2).get("step").asLong()).isEqualTo(3);
        assertThat(status.get("weights").get("weight")).hasSize(3);
        assertThat(status.get("weights").get("bias")).hasSize(1);
    }
}
