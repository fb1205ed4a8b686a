package io.streamgrad.io;

import io.streamgrad.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out a state dict as safetensors: the header (metadata first, then the tensors in the map's order, compact
 * JSON padded with spaces to a multiple of 8, as the reference implementation writes it) and then each tensor's
 * row-major little-endian bytes, back to back from offset 0.
 *
 * <p>The data is ordered as the reference writer orders it: by dtype, later in its {@code Dtype} enum first (I64,
 * F64, F32, BOOL: never a narrower element before a wider one), then by name. With the header padded to 8 bytes,
 * every tensor then starts at a multiple of its element size, which readers that map the file (PyTorch's
 * {@code safe_open}, numpy views) need; in the map's order a float64 could follow a 1-byte bool.
 */
final class SafetensorsWriter {
    /** The reference writer's data order: each tensor's offset is then a multiple of its element size. */
    private static final Comparator<Map.Entry<String, Tensor>> ALIGNED = Comparator
            .comparingInt((Map.Entry<String, Tensor> e) -> -referenceRank(StoredDType.of(e.getValue().dtype())))
            .thenComparing(Map.Entry::getKey);

    /** The position of {@code d} in the safetensors reference implementation's {@code Dtype} enum, among ours. */
    private static int referenceRank(StoredDType d) {
        return switch (d) {
            case BOOL -> 0;
            case F32 -> 1;
            case F64 -> 2;
            case I64 -> 3;
        };
    }

    /** The tensors in the order of their data. */
    private final List<Map.Entry<String, Tensor>> tensors;
    private final byte[] header;

    SafetensorsWriter(Map<String, Tensor> tensors, Map<String, String> metadata) {
        this(tensors, metadata, Safetensors.MAX_HEADER_SIZE);
    }

    /** As the public constructor, refusing headers above {@code maxHeaderSize}: a seam for tests. */
    SafetensorsWriter(Map<String, Tensor> tensors, Map<String, String> metadata, long maxHeaderSize) {
        this.tensors = layout(tensors);
        this.header = padded(HeaderJson.write(headerObject(tensors.keySet(), this.tensors, metadata)));
        if (header.length > maxHeaderSize) {
            throw new IllegalArgumentException("cannot save: the safetensors header would be " + header.length
                    + " bytes (the JSON of " + count(tensors.size(), "tensor") + " and "
                    + count(metadata.size(), "metadata entry") + ", padded to a multiple of 8), more than the limit "
                    + "of " + maxHeaderSize + " bytes (the reference implementation's MAX_HEADER_SIZE), past which "
                    + "every reader, Safetensors.load included, refuses the file; store large values as tensors "
                    + "or in a separate file");
        }
    }

    private static String count(int n, String noun) {
        return n + " " + (n == 1 ? noun : noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies"
                : noun + "s");
    }

    /** The tensors in the order of the data, after checking their names. */
    private static List<Map.Entry<String, Tensor>> layout(Map<String, Tensor> tensors) {
        List<Map.Entry<String, Tensor>> entries = new ArrayList<>(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.equals(HeaderParser.METADATA_KEY) || e.getValue() == null) {
                throw new IllegalArgumentException("cannot save tensor '" + name + "': names must be non-null and "
                        + "not \"" + HeaderParser.METADATA_KEY + "\", and the tensor must not be null");
            }
            entries.add(Map.entry(name, e.getValue()));
        }
        entries.sort(ALIGNED);
        return entries;
    }

    /** The total file size in bytes. */
    long size() {
        long size = Safetensors.LENGTH_PREFIX_BYTES + header.length;
        for (Map.Entry<String, Tensor> e : tensors) {
            size += byteSize(e.getValue());
        }
        return size;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(ByteBuffer.allocate(Safetensors.LENGTH_PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).array());
        out.write(header);
        for (Map.Entry<String, Tensor> e : tensors) {
            out.write(StoredDType.of(e.getValue().dtype()).encode(e.getValue()));
        }
    }

    /** The header: metadata, then the tensors in the caller's order, with the offsets of {@code layout}. */
    private static Map<String, Object> headerObject(Collection<String> names, List<Map.Entry<String, Tensor>> layout,
                                                    Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (m.getKey() == null || m.getValue() == null) {
                    throw new IllegalArgumentException("metadata entry " + m + " has a null key or value; "
                            + "safetensors metadata maps strings to strings");
                }
            }
            header.put(HeaderParser.METADATA_KEY, metadata);
        }
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : layout) {
            Tensor t = e.getValue();
            long end = offset + byteSize(t);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", StoredDType.of(t.dtype()).name());
            entry.put("shape", t.shape().toArray());
            entry.put("data_offsets", List.of(offset, end));
            entries.put(e.getKey(), entry);
            offset = end;
        }
        for (String name : names) {
            header.put(name, entries.get(name));
        }
        return header;
    }

    private static long byteSize(Tensor t) {
        return t.numel() * t.dtype().itemSize();
    }

    /** Pads with spaces so the data buffer starts 8-byte aligned, which lets readers map it in place. */
    private static byte[] padded(byte[] json) {
        int pad = (Safetensors.LENGTH_PREFIX_BYTES - json.length % Safetensors.LENGTH_PREFIX_BYTES)
                % Safetensors.LENGTH_PREFIX_BYTES;
        byte[] out = Arrays.copyOf(json, json.length + pad);
        Arrays.fill(out, json.length, out.length, (byte) ' ');
        return out;
    }
}
