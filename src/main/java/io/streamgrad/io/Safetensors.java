package io.streamgrad.io;

import io.streamgrad.tensor.Tensor;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and writes state dicts in the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format, so a PyTorch process can load what streamgrad publishes with {@code safetensors.torch.load(bytes)}
 * and the other way round. Method names follow the Python package: {@code save}/{@code load} for bytes,
 * {@code saveFile}/{@code loadFile} for paths.
 *
 * <p>The file: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON,
 * {@code {"__metadata__": {..}, "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ..}},
 * padded with spaces to a multiple of 8; then the data buffer, each tensor's elements row-major and
 * little-endian, back to back with no gaps, ordered as the reference writer orders them (I64, F64, F32, BOOL,
 * then by name: each tensor starts at a multiple of its element size; the header lists the tensors in the state
 * dict's order). Supported dtypes: F32, F64, I64, BOOL
 * (float32, float64, int64, bool). A non-contiguous tensor (a transpose, a slice) is written as its row-major
 * contents; a CUDA tensor is copied to the host. {@code __metadata__} is omitted when the metadata is empty.
 *
 * <p>Errors: malformed bytes raise {@link SafetensorsFormatException} saying what is wrong and what the format
 * expects; a tensor or metadata entry that cannot be saved (null, or named {@code __metadata__}), or a header
 * longer than {@link #MAX_HEADER_SIZE}, which readers refuse, raises {@link IllegalArgumentException} before
 * anything is written; I/O failures raise {@link IOException}. Stateless and thread-safe; the
 * tensors passed in must not be modified concurrently.
 */
public final class Safetensors {
    /** The header length prefix: a little-endian unsigned 64-bit integer. */
    static final int LENGTH_PREFIX_BYTES = 8;
    /** Longest header read or written, the reference implementation's {@code MAX_HEADER_SIZE}. */
    public static final long MAX_HEADER_SIZE = 100_000_000L;

    private Safetensors() {
    }

    /** The file's bytes, tensors in {@code tensors}' iteration order. */
    public static byte[] save(Map<String, Tensor> tensors, Map<String, String> metadata) {
        SafetensorsWriter writer = new SafetensorsWriter(tensors, metadata);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.toIntExact(writer.size()));
        try {
            writer.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("a ByteArrayOutputStream does not fail", e);
        }
        return out.toByteArray();
    }

    /** As {@link #save(Map, Map)} without metadata. */
    public static byte[] save(Map<String, Tensor> tensors) {
        return save(tensors, Map.of());
    }

    /** Writes the file to {@code out}, one tensor at a time; does not close {@code out}. */
    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, OutputStream out)
            throws IOException {
        new SafetensorsWriter(tensors, metadata).writeTo(out);
    }

    /**
     * Writes the file to {@code path}, replacing what is there. A state dict that cannot be saved is refused
     * before the file is opened, so what was at {@code path} is left as it was.
     */
    public static void saveFile(Map<String, Tensor> tensors, Map<String, String> metadata, Path path)
            throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter(tensors, metadata);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
            writer.writeTo(out);
        }
    }

    /** The tensors and metadata of a whole file held in {@code bytes}. */
    public static SafetensorsData load(byte[] bytes) {
        return SafetensorsReader.read(bytes);
    }

    /** The tensors and metadata of the file at {@code path}. */
    public static SafetensorsData loadFile(Path path) throws IOException {
        try {
            return load(Files.readAllBytes(path));
        } catch (SafetensorsFormatException e) {
            throw new SafetensorsFormatException(path + ": " + e.getMessage(), e);
        }
    }
}
