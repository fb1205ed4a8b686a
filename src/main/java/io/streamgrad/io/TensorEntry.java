package io.streamgrad.io;

import java.util.Arrays;

/**
 * One tensor's line in a safetensors header: where its bytes lie in the data buffer ({@code begin}
 * inclusive, {@code end} exclusive, relative to the buffer's start) and how to read them. Constructing one
 * checks that the span holds exactly dtype size × element count bytes.
 */
record TensorEntry(String name, StoredDType dtype, int[] shape, long begin, long end) {

    TensorEntry {
        long bytes = (long) elementCount(name, dtype, shape, begin, end) * dtype.itemSize();
        if (end - begin != bytes) {
            throw new SafetensorsFormatException(describe(name, dtype, shape, begin, end) + " needs " + bytes
                    + " bytes (" + bytes / dtype.itemSize() + " elements × " + dtype.itemSize()
                    + "), but its data_offsets span " + (end - begin));
        }
    }

    int numel() {
        return (int) ((end - begin) / dtype.itemSize());
    }

    String describe() {
        return describe(name, dtype, shape, begin, end);
    }

    private static int elementCount(String name, StoredDType dtype, int[] shape, long begin, long end) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            // A Tensor indexes its elements with an int; checking as we go also keeps n from overflowing.
            if (n > Integer.MAX_VALUE) {
                throw new SafetensorsFormatException(describe(name, dtype, shape, begin, end) + " has more than "
                        + Integer.MAX_VALUE + " elements, more than a streamgrad tensor can hold");
            }
        }
        return (int) n;
    }

    private static String describe(String name, StoredDType dtype, int[] shape, long begin, long end) {
        return "tensor '" + name + "' (" + dtype + " " + Arrays.toString(shape) + ", data_offsets [" + begin + ", "
                + end + "])";
    }
}
