package io.streamgrad.pipeline;

import io.streamgrad.tensor.Tensor;

import java.util.List;

/** L2 norms over all parameters and over all gradients, computed in float64. */
final class Norms {
    private Norms() {
    }

    static double weightNorm(List<Tensor> params) {
        double sum = 0;
        for (Tensor p : params) {
            for (double v : p.toDoubleArray()) {
                sum += v * v;
            }
        }
        return Math.sqrt(sum);
    }

    static double gradientNorm(List<Tensor> params) {
        double sum = 0;
        for (Tensor p : params) {
            if (p.grad() != null) {
                for (double v : p.grad().toDoubleArray()) {
                    sum += v * v;
                }
            }
        }
        return Math.sqrt(sum);
    }
}
