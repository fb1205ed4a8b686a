package io.streamgrad.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes sample safetensors files, each with a JSON sidecar of the expected content, for the check that
 * PyTorch reads what we write ({@code tests/python/check_safetensors.py}, run where Python has safetensors):
 *
 * <pre>
 * java -cp streamgrad.jar io.streamgrad.io.SafetensorsSample DIR
 * python3 tests/python/check_safetensors.py DIR/*.safetensors
 * </pre>
 *
 * <p>A sidecar {@code NAME.json} beside {@code NAME.safetensors} holds {@code metadata} and {@code tensors}
 * (in file order), each tensor as a golden/1 tensor spec: {@code dtype} (PyTorch's name), {@code shape} and
 * flat row-major {@code data}, with non-finite floats as the strings {@code "nan"}, {@code "inf"},
 * {@code "-inf"}. Float values are written exactly (a float32 widened to double prints as its shortest
 * decimal, which Python parses back to the same number).
 */
public final class SafetensorsSample {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SafetensorsSample() {
    }

    /** Writes the samples into the directory {@code args[0]} and prints each file's path. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp streamgrad.jar io.streamgrad.io.SafetensorsSample DIR");
            System.exit(2);
        }
        for (Path file : writeAll(Path.of(args[0]))) {
            System.out.println(file);
        }
    }

    /** Writes the samples and their sidecars into {@code dir}, creating it; returns the sample files. */
    public static List<Path> writeAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        return List.of(
                write(dir, "every_dtype", everyDtype(), Map.of("note", "quotes \" and\nnewlines, ünïcödé ✓")),
                write(dir, "model_update", modelUpdate(), modelMetadata()),
                write(dir, "empty", Map.of(), Map.of()));
    }

    /** Every dtype, scalars, an empty tensor, a non-contiguous view and the float edge values. */
    static Map<String, Tensor> everyDtype() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("f32", Tensor.of(new float[][] {{1.5f, -0.0f, Float.NaN}, {Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.MIN_VALUE}, {Float.MAX_VALUE, 0.1f, -1e-30f}}));
        t.put("f64", Tensor.of(new double[] {0.1, -2.5e-308, Double.MAX_VALUE, Math.PI}, DType.FLOAT64));
        t.put("i64", Tensor.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE));
        t.put("bool", Tensor.fromData(new boolean[] {true, false, false, true}, 2, 2));
        t.put("f32_scalar", Tensor.scalar(3.25));
        t.put("i64_scalar", Tensor.scalar(42L));
        t.put("f64_empty", Tensor.zeros(DType.FLOAT64, 0, 3));
        t.put("f32_transposed", Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}).t());
        return t;
    }

    /** Shaped like a pipeline update: a Linear(3, 1), its optimizer step, and a scaler's state. */
    static Map<String, Tensor> modelUpdate() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("weight", Tensor.of(new float[][] {{0.4930311441421509f, 0.38733863830566406f, 0.03838903456926346f}}));
        t.put("bias", Tensor.of(new float[] {0.06601157784461975f}));
        t.put("optim.step", Tensor.scalar(10L));
        t.put("scaler.data_min", Tensor.of(new double[] {0.0, 51283.14, 0.0}, DType.FLOAT64));
        t.put("scaler.data_max", Tensor.of(new double[] {165349.2, 182645.56, 471784.1}, DType.FLOAT64));
        t.put("scaler.min", Tensor.of(new double[] {0.0, -0.3903942999832068, 0.0}, DType.FLOAT64));
        t.put("scaler.scale", Tensor.of(new double[] {6.0478067024213e-06, 7.612527235719318e-06,
                2.1196136113955516e-06}, DType.FLOAT64));
        t.put("scaler.n_samples_seen", Tensor.scalar(50L));
        return t;
    }

    private static Map<String, String> modelMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model_id", "startups");
        m.put("version", "10");
        m.put("features", "[\"R&D Spend\", \"Administration\", \"Marketing Spend\"]");
        m.put("target", "Profit");
        return m;
    }

    private static Path write(Path dir, String name, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        Path file = dir.resolve(name + ".safetensors");
        Safetensors.saveFile(tensors, metadata, file);
        Map<String, Object> specs = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            specs.put(e.getKey(), spec(e.getValue()));
        }
        Map<String, Object> sidecar = new LinkedHashMap<>();
        sidecar.put("metadata", metadata);
        sidecar.put("tensors", specs);
        JSON.writeValue(dir.resolve(name + ".json").toFile(), sidecar);
        return file;
    }

    private static Map<String, Object> spec(Tensor t) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("dtype", t.dtype().pythonName());
        spec.put("shape", t.shape().toArray());
        List<Object> data = new ArrayList<>();
        switch (t.dtype()) {
            case FLOAT32, FLOAT64 -> {
                for (double v : t.toDoubleArray()) {
                    data.add(Double.isNaN(v) ? "nan" : Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : v);
                }
            }
            case INT64 -> {
                for (long v : t.toLongArray()) {
                    data.add(v);
                }
            }
            case BOOL -> {
                for (boolean v : t.toBooleanArray()) {
                    data.add(v);
                }
            }
        }
        spec.put("data", data);
        return spec;
    }
}
