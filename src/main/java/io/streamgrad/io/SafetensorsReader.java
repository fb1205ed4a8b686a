package io.streamgrad.io;

import io.streamgrad.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole safetensors file held in memory. The checks follow the reference implementation: the
 * length prefix, the header, each entry, and then the layout of the data buffer, which the tensors must
 * cover exactly (no overlaps, no holes, nothing after the last tensor).
 */
final class SafetensorsReader {
    private SafetensorsReader() {
    }

    static SafetensorsData read(byte[] file) {
        int headerLength = headerLength(file);
        HeaderParser header = new HeaderParser(HeaderJson.read(utf8(file, headerLength)));
        int bufferStart = Safetensors.LENGTH_PREFIX_BYTES + headerLength;
        long bufferLength = file.length - bufferStart;
        checkLayout(header.entries(), bufferLength);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (TensorEntry e : header.entries()) {
            ByteBuffer bytes = ByteBuffer.wrap(file, bufferStart + (int) e.begin(), (int) (e.end() - e.begin()))
                    .slice().order(ByteOrder.LITTLE_ENDIAN);
            tensors.put(e.name(), e.dtype().decode(e.name(), bytes, e.shape(), e.numel()));
        }
        return new SafetensorsData(tensors, header.metadata());
    }

    private static int headerLength(byte[] file) {
        int prefix = Safetensors.LENGTH_PREFIX_BYTES;
        if (file.length < prefix) {
            throw new SafetensorsFormatException("the file is " + file.length + " bytes long; a safetensors file "
                    + "starts with an 8-byte little-endian header length, so it has at least 8 bytes");
        }
        long n = ByteBuffer.wrap(file, 0, prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
        // The prefix is unsigned: a negative long is a length above 2^63, far past the limit too.
        if (n < 0 || n > Safetensors.MAX_HEADER_SIZE) {
            throw new SafetensorsFormatException("the header length prefix says " + Long.toUnsignedString(n)
                    + " bytes, more than the limit of " + Safetensors.MAX_HEADER_SIZE + " (the reference "
                    + "implementation's MAX_HEADER_SIZE); the file is not safetensors or its first 8 bytes are "
                    + "corrupt");
        }
        if (n > file.length - prefix) {
            throw new SafetensorsFormatException("the header length prefix says " + n + " bytes, but only "
                    + (file.length - prefix) + " bytes follow the 8-byte prefix; the file is truncated or not "
                    + "safetensors");
        }
        return (int) n;
    }

    private static String utf8(byte[] file, int headerLength) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file, Safetensors.LENGTH_PREFIX_BYTES, headerLength))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsFormatException("the header is not valid UTF-8 (" + e + "); the header is a UTF-8"
                    + " JSON object", e);
        }
    }

    /** Every byte of the data buffer belongs to exactly one tensor. */
    private static void checkLayout(List<TensorEntry> entries, long bufferLength) {
        for (TensorEntry e : entries) {
            if (e.end() > bufferLength) {
                throw new SafetensorsFormatException(e.describe() + " ends past the data buffer, which has "
                        + bufferLength + " bytes; the file is truncated or the offsets are wrong");
            }
        }
        List<TensorEntry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long covered = 0;
        TensorEntry previous = null;
        for (TensorEntry e : byOffset) {
            if (e.begin() < covered) {
                throw new SafetensorsFormatException(e.describe() + " overlaps " + previous.describe()
                        + "; each byte of the data buffer belongs to exactly one tensor");
            }
            if (e.begin() > covered) {
                throw new SafetensorsFormatException("bytes [" + covered + ", " + e.begin() + ") of the data buffer "
                        + "belong to no tensor (a hole before " + e.describe() + "); tensors lie contiguously from "
                        + "offset 0");
            }
            covered = e.end();
            previous = e;
        }
        if (covered < bufferLength) {
            throw new SafetensorsFormatException("the data buffer has " + bufferLength + " bytes, but the tensors "
                    + "cover only the first " + covered + "; the " + (bufferLength - covered) + " bytes after them "
                    + "are trailing garbage, or a tensor is missing from the header");
        }
    }
}
