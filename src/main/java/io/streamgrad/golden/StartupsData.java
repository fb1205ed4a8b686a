package io.streamgrad.golden;

import io.streamgrad.data.Dataset;
import io.streamgrad.data.Datasets;
import io.streamgrad.data.MinMaxScaler;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

/**
 * The seminar's data: the bundled 50_Startups rows as float32 tensors, raw and min-max scaled to [0, 1]
 * (features and target each with their own scaler, fitted and applied in float64 as scikit-learn does,
 * then converted to float32 as {@code torch.tensor(scaled, dtype=torch.float32)}).
 */
record StartupsData(Tensor xRaw, Tensor yRaw, Tensor xScaled, Tensor yScaled, MinMaxScaler scalerX,
                    MinMaxScaler scalerY) {

    static StartupsData load() {
        Dataset data = Datasets.startups();
        double[][] x = data.features();
        double[][] y = data.targetColumn();
        MinMaxScaler sx = new MinMaxScaler();
        MinMaxScaler sy = new MinMaxScaler();
        sx.fit(x);
        sy.fit(y);
        Dataset.Tensors raw = data.toTensors(DType.FLOAT32);
        return new StartupsData(raw.x(), raw.y(), Tensor.of(sx.transform(x), DType.FLOAT32),
                Tensor.of(sy.transform(y), DType.FLOAT32), sx, sy);
    }
}
