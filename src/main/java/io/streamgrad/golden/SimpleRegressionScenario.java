package io.streamgrad.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The seminar's hand-written regression: {@code X = arange(n)} (int64), {@code y = 2X + 1},
 * {@code W = b = ones(1)} requiring grad, then per step {@code loss = ((W*X + b - y)**2).sum()},
 * {@code backward()}, and {@code W -= eta * W.grad} under no-grad with the grads zeroed.
 */
final class SimpleRegressionScenario {
    private SimpleRegressionScenario() {
    }

    static List<String> run(JsonNode s, Device device) {
        List<String> problems = new ArrayList<>();
        JsonNode steps = s.get("steps");
        double eta = s.get("eta").asDouble();
        Tensor x = Tensor.arange(pointCount(steps.get(0).get("loss").asDouble())).to(device);
        Tensor y = x.mul(2L).add(1L);
        Tensor w = Tensor.ones(1).to(device).requiresGrad_();
        Tensor b = Tensor.ones(1).to(device).requiresGrad_();
        expectDtype(problems, "X", x.dtype(), s.path("X_dtype").asText(null));
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            Tensor yPred = w.mul(x).add(b);
            if (i == 0) {
                expectDtype(problems, "y_pred", yPred.dtype(), s.path("y_pred_dtype").asText(null));
            }
            Tensor loss = yPred.sub(y).pow(2L).sum();
            expectNumber(problems, "step " + i + " loss", step.get("loss"), loss.item());
            // The file's reprs are of CPU tensors, whose float32 sums round in PyTorch's CPU order; a GPU sums
            // in another order, so there the loss is checked by value only.
            if (!device.isCuda() && step.has("loss_repr") && !loss.toString().equals(step.get("loss_repr").asText())) {
                problems.add("step " + i + " loss repr " + loss + ", want " + step.get("loss_repr").asText());
            }
            loss.backward();
            expectNumber(problems, "step " + i + " W.grad", step.get("W_grad"), w.grad().item());
            expectNumber(problems, "step " + i + " b.grad", step.get("b_grad"), b.grad().item());
            try (GradScope ignored = Autograd.noGrad()) {
                w.sub_(w.grad().mul(eta));
                b.sub_(b.grad().mul(eta));
                w.grad().zero_();
                b.grad().zero_();
            }
        }
        expectNumber(problems, "W_final", s.get("W_final"), w.item());
        expectNumber(problems, "b_final", s.get("b_final"), b.item());
        return problems;
    }

    /**
     * The seminar uses 100 points; the first loss, Σx² over arange(n) with W = b = 1, tells n for files
     * generated with another length.
     */
    static long pointCount(double firstLoss) {
        for (long n = 1; n < 1_000_000; n++) {
            double sumSquares = (double) (n - 1) * n * (2 * n - 1) / 6;
            if (sumSquares == firstLoss) {
                return n;
            }
            if (sumSquares > firstLoss) {
                break;
            }
        }
        return 100;
    }

    private static void expectDtype(List<String> problems, String what, DType got, String want) {
        if (want != null && got != DType.parse(want)) {
            problems.add(what + " dtype " + got + ", want " + want);
        }
    }

    static void expectNumber(List<String> problems, String what, JsonNode want, double got) {
        if (want == null) {
            return;
        }
        TensorSpec.compareNumber(DType.FLOAT32, TensorSpec.number(want), got)
                .ifPresent(diff -> problems.add(what + " = " + got + ", want " + TensorSpec.number(want) + " " + diff));
    }
}
