package io.streamgrad.data;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds and reads the tensors of a scaler's state dict. Values are float64 and counts int64 so that a
 * state restores bit for bit; a loaded state is checked whole (keys, dtypes, shapes) before the scaler
 * takes any of it.
 */
final class ScalerState {
    static final String N_SAMPLES_SEEN = "n_samples_seen";
    static final String N_FEATURES_IN = "n_features_in";

    private final String estimator;
    private final Map<String, Tensor> state;

    /** Reads {@code state}, which must have exactly the keys {@code expected}. */
    ScalerState(String estimator, Map<String, Tensor> state, List<String> expected) {
        this.estimator = estimator;
        this.state = state;
        List<String> missing = new ArrayList<>();
        for (String key : expected) {
            if (!state.containsKey(key)) {
                missing.add(key);
            }
        }
        Set<String> unexpected = new LinkedHashSet<>(state.keySet());
        unexpected.removeAll(expected);
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException("Error(s) in loading state_dict for " + estimator + ": missing key(s) "
                    + missing + ", unexpected key(s) " + unexpected + "; expected exactly " + expected
                    + " (strip any prefix such as \"scaler.\" before loading)");
        }
    }

    static Tensor vector(double[] values) {
        return Tensor.fromData(values, DType.FLOAT64, values.length);
    }

    static Tensor count(long value) {
        return Tensor.scalar(value);
    }

    static Tensor flag(boolean value) {
        return Tensor.scalar(value);
    }

    /** The float64 vector {@code key} of {@code length} values. */
    double[] readVector(String key, int length) {
        Tensor t = tensor(key, DType.FLOAT64, "[" + length + "]");
        if (t.dim() != 1 || t.size(0) != length) {
            throw wrong(key, t, "float64 [" + length + "]");
        }
        return t.toDoubleArray();
    }

    /** The int64 scalar {@code key}, at least {@code min}. */
    long readCount(String key, long min) {
        Tensor t = tensor(key, DType.INT64, "[]");
        if (t.dim() != 0 || t.itemLong() < min) {
            throw wrong(key, t, "an int64 scalar >= " + min);
        }
        return t.itemLong();
    }

    /** The bool scalar {@code key}. */
    boolean readFlag(String key) {
        Tensor t = tensor(key, DType.BOOL, "[]");
        if (t.dim() != 0) {
            throw wrong(key, t, "a bool scalar");
        }
        return t.toBooleanArray()[0];
    }

    /** Checks that a setting saved with the state equals this scaler's own, which loading cannot change. */
    void requireSetting(String key, Object saved, Object own) {
        if (!saved.equals(own)) {
            throw new IllegalArgumentException("this state_dict was saved by a " + estimator + " with " + key + "="
                    + saved + ", but this one has " + key + "=" + own + "; construct the scaler with the same "
                    + "settings before loading");
        }
    }

    private Tensor tensor(String key, DType dtype, String shape) {
        Tensor t = state.get(key);
        if (t == null) {
            throw new IllegalArgumentException(estimator + " state_dict entry '" + key + "' is null; expected "
                    + dtype.pythonName() + " " + shape);
        }
        if (t.dtype() != dtype) {
            // Converting would round: a restored scaler must compute exactly what the saved one did.
            throw wrong(key, t, dtype.pythonName() + " " + shape);
        }
        return t;
    }

    private IllegalArgumentException wrong(String key, Tensor t, String expected) {
        return new IllegalArgumentException(estimator + " state_dict entry '" + key + "' is " + t.dtype().pythonName()
                + " " + t.shape() + (t.numel() == 1 ? " = " + t.item() : "") + "; expected " + expected);
    }
}
