package io.streamgrad.io;

import io.streamgrad.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out a state dict as safetensors: the header (metadata first, then the tensors in the map's order,
 * compact JSON padded with spaces to a multiple of 8, as the reference implementation writes it) and then
 * each tensor's row-major little-endian bytes, back to back from offset 0.
 */
final class SafetensorsWriter {
    private final Map<String, Tensor> tensors;
    private final byte[] header;

    SafetensorsWriter(Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.tensors = tensors;
        this.header = padded(HeaderJson.write(headerObject(tensors, metadata)));
    }

    /** The total file size in bytes. */
    long size() {
        long size = Safetensors.LENGTH_PREFIX_BYTES + header.length;
        for (Tensor t : tensors.values()) {
            size += byteSize(t);
        }
        return size;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(ByteBuffer.allocate(Safetensors.LENGTH_PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).array());
        out.write(header);
        for (Tensor t : tensors.values()) {
            out.write(StoredDType.of(t.dtype()).encode(t));
        }
    }

    private static Map<String, Object> headerObject(Map<String, Tensor> tensors, Map<String, String> metadata) {
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
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.equals(HeaderParser.METADATA_KEY) || e.getValue() == null) {
                throw new IllegalArgumentException("cannot save tensor '" + name + "': names must be non-null and "
                        + "not \"" + HeaderParser.METADATA_KEY + "\", and the tensor must not be null");
            }
            Tensor t = e.getValue();
            long end = offset + byteSize(t);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", StoredDType.of(t.dtype()).name());
            entry.put("shape", t.shape().toArray());
            entry.put("data_offsets", List.of(offset, end));
            header.put(name, entry);
            offset = end;
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
