package io.streamgrad.pipeline;

/**
 * A trained model read as a linear function in the data's original units: the intercept is the prediction
 * at the origin and each coefficient the change for one unit of its feature. Exact for linear models over
 * affine scalers (min-max, standard); for an MLP it is the local slope at the origin.
 */
public record LinearReadout(double intercept, double[] coefficients) {

    /**
     * Reads {@code state}'s model with {@code n + 1} predictions, at the origin and at each feature's unit
     * vector, without recording a graph. Meaningful once the state {@link TrainingState#canPredict() can predict}.
     */
    public static LinearReadout of(TrainingState state) {
        int n = state.spec().features().size();
        double[][] probes = new double[n + 1][n];
        for (int j = 0; j < n; j++) {
            probes[j + 1][j] = 1.0;
        }
        double[] p = state.predict(probes);
        double[] coefficients = new double[n];
        for (int j = 0; j < n; j++) {
            coefficients[j] = p[j + 1] - p[0];
        }
        return new LinearReadout(p[0], coefficients);
    }
}
