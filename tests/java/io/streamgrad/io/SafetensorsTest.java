package io.streamgrad.io;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Safetensors}: the exact bytes it writes, what it reads back, and every malformed file it refuses. */
class SafetensorsTest {

    /** step (I64 scalar), bias (F64 [1]), weight (F32 [1, 2]), mask (BOOL [3]), in that order. */
    private static Map<String, Tensor> sampleStateDict() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("step", Tensor.scalar(7L));
        state.put("bias", Tensor.of(new double[] {0.1}, DType.FLOAT64));
        state.put("weight", Tensor.of(new float[][] {{1.0f, -2.5f}}));
        state.put("mask", Tensor.of(true, false, true));
        return state;
    }

    /** A file with the given header text (unpadded) and data buffer. */
    static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).put(data).array();
    }

    static byte[] file(String header, int dataBytes) {
        return file(header, new byte[dataBytes]);
    }

    @Nested
    class ExactBytes {
        /**
         * Built by hand from the format description; safetensors 0.8.0's own {@code save} writes these same
         * bytes for this dict (it orders tensors by dtype, then name, which is this order).
         */
        private static final String HEADER = "{\"__metadata__\":{\"model\":\"linear\"},"
                + "\"step\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
                + "\"weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[16,24]},"
                + "\"mask\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[24,27]}}";

        @Test
        void aStateDictIsWrittenByteForByteAsTheFormatSays() {
            String padding = "    "; // the header is 268 bytes: 4 spaces make 272, a multiple of 8
            byte[] expected = concat(
                    HexFormat.of().parseHex("1001000000000000"), // 272, little-endian u64
                    (HEADER + padding).getBytes(StandardCharsets.UTF_8),
                    HexFormat.of().parseHex("0700000000000000"), // step = 7
                    HexFormat.of().parseHex("9a9999999999b93f"), // bias = 0.1 (0x3FB999999999999A)
                    HexFormat.of().parseHex("0000803f000020c0"), // weight = 1.0f, -2.5f
                    HexFormat.of().parseHex("010001")); // mask = true, false, true
            assertThat(HEADER).hasSize(268);

            byte[] written = Safetensors.save(sampleStateDict(), Map.of("model", "linear"));

            assertThat(HexFormat.of().formatHex(written)).isEqualTo(HexFormat.of().formatHex(expected));
        }

        @Test
        void withoutMetadataTheHeaderHasNoMetadataKey() {
            byte[] written = Safetensors.save(Map.of("x", Tensor.of(new double[] {2}, DType.FLOAT64)));
            String header = "{\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}";

            assertThat(written).isEqualTo(file(header + "  ", // 54 bytes + 2 spaces = 56
                    HexFormat.of().parseHex("0000000000000040")));
        }

        @Test
        void aNonContiguousTensorIsWrittenAsItsRowMajorContents() {
            Tensor transposed = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}).t();
            Tensor expanded = Tensor.of(7L, 8L).expand(3, 2);
            Tensor sliced = Tensor.arange(10).reshape(2, 5).narrow(1, 1, 3);
            assertThat(transposed.isContiguous() || expanded.isContiguous() || sliced.isContiguous()).isFalse();

            assertThat(Safetensors.save(Map.of("w", transposed)))
                    .isEqualTo(Safetensors.save(Map.of("w", Tensor.of(new float[][] {{1, 4}, {2, 5}, {3, 6}}))));
            assertThat(Safetensors.save(Map.of("e", expanded)))
                    .isEqualTo(Safetensors.save(Map.of("e", Tensor.of(new long[][] {{7, 8}, {7, 8}, {7, 8}}))));
            assertThat(Safetensors.save(Map.of("s", sliced)))
                    .isEqualTo(Safetensors.save(Map.of("s", Tensor.of(new long[][] {{1, 2, 3}, {6, 7, 8}}))));
        }

        @Test
        void outputStreamAndPathGetTheSameBytes(@TempDir Path dir) throws IOException {
            byte[] bytes = Safetensors.save(sampleStateDict(), Map.of("model", "linear"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Safetensors.save(sampleStateDict(), Map.of("model", "linear"), out);
            Path path = dir.resolve("model.safetensors");
            Safetensors.saveFile(sampleStateDict(), Map.of("model", "linear"), path);

            assertThat(out.toByteArray()).isEqualTo(bytes);
            assertThat(Files.readAllBytes(path)).isEqualTo(bytes);
        }

        private static byte[] concat(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                out.writeBytes(p);
            }
            return out.toByteArray();
        }
    }

    @Nested
    class RoundTrip {
        @Test
        void everyDtypeShapeAndValueComesBack() {
            Map<String, Tensor> state = new LinkedHashMap<>(sampleStateDict());
            state.put("special", Tensor.of(Float.NaN, Float.POSITIVE_INFINITY, -0.0f, Float.MIN_VALUE));
            state.put("empty", Tensor.zeros(DType.FLOAT64, 0, 3));
            state.put("cube", Tensor.arange(24).reshape(2, 3, 4));
            state.put("scalar64", Tensor.scalar(Math.PI, DType.FLOAT64));

            SafetensorsData loaded = Safetensors.load(Safetensors.save(state, Map.of()));

            assertThat(loaded.tensors().keySet()).containsExactlyElementsOf(state.keySet());
            for (Map.Entry<String, Tensor> e : state.entrySet()) {
                Tensor got = loaded.tensor(e.getKey());
                assertThat(got.dtype()).as(e.getKey()).isEqualTo(e.getValue().dtype());
                assertThat(got.shape()).as(e.getKey()).isEqualTo(e.getValue().shape());
                assertThat(got.tolist()).as(e.getKey()).isEqualTo(e.getValue().tolist());
            }
            float[] special = loaded.tensor("special").toFloatArray();
            assertThat(Float.floatToRawIntBits(special[2])).isEqualTo(Float.floatToRawIntBits(-0.0f));
            assertThat(loaded.metadata()).isEmpty();
        }

        @Test
        void metadataWithQuotesNewlinesAndUnicodeComesBack() {
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("architecture", "Sequential(Linear(3, 8), ReLU())");
            metadata.put("note", "a \"quoted\"\nline\tand ünïcödé ✓ and a \\ backslash");
            metadata.put("", "empty key");

            SafetensorsData loaded = Safetensors.load(Safetensors.save(Map.of(), metadata));

            assertThat(loaded.metadata()).containsExactlyEntriesOf(metadata);
            assertThat(loaded.tensors()).isEmpty();
        }

        @Test
        void everyTensorStartsAtAMultipleOfItsElementSizeWhateverTheMapsOrder() {
            Map<String, Tensor> state = new LinkedHashMap<>();
            state.put("flag", Tensor.of(true));
            state.put("mean", Tensor.of(new double[] {1.5, 2.5}, DType.FLOAT64));
            state.put("w", Tensor.of(new float[] {1f, 2f, 3f}));
            state.put("count", Tensor.scalar(3L));

            byte[] bytes = Safetensors.save(state);
            SafetensorsData loaded = Safetensors.load(bytes);

            long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
            assertThat(header).contains("\"count\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}")
                    .contains("\"mean\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]}")
                    .contains("\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]}")
                    .contains("\"flag\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[36,37]}");
            assertThat(loaded.tensors().keySet()).as("the header keeps the map's order").containsExactly(
                    "flag", "mean", "w", "count");
            assertThat(loaded.tensor("mean").toDoubleArray()).containsExactly(1.5, 2.5);
            assertThat(loaded.tensor("flag").toBooleanArray()).containsExactly(true);
        }

        @Test
        void everyHeaderIsPaddedToAMultipleOfEight() {
            for (int nameLength = 1; nameLength <= 16; nameLength++) {
                byte[] bytes = Safetensors.save(Map.of("w".repeat(nameLength), Tensor.of(1.0)));
                long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
                assertThat(headerLength % 8).as("name length %d", nameLength).isZero();
                assertThat(Safetensors.load(bytes).tensors()).hasSize(1);
            }
        }

        @Test
        void otherWritersLayoutsAreRead() {
            // Metadata last, whitespace around, tensors listed out of offset order, no padding.
            String header = "  { \"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]},\n"
                    + "\"a\": {\"shape\": [1], \"dtype\": \"F32\", \"data_offsets\": [0, 4]},"
                    + " \"__metadata__\": {\"format\": \"pt\"} }\n";
            byte[] data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-3f).array();

            SafetensorsData loaded = Safetensors.load(file(header, data));

            assertThat(loaded.tensors().keySet()).containsExactly("b", "a");
            assertThat(loaded.tensor("a").toFloatArray()).containsExactly(1.5f);
            assertThat(loaded.tensor("b").toFloatArray()).containsExactly(-3f);
            assertThat(loaded.metadata()).containsExactly(Map.entry("format", "pt"));
        }

        /**
         * The reference reads {@code __metadata__} as an {@code Option<HashMap<String, String>>}, so a JSON null
         * is no metadata: safetensors 0.8.0 loads such a file and its {@code metadata()} is None.
         */
        @Test
        void nullMetadataIsNoMetadata() {
            SafetensorsData loaded = Safetensors.load(file("{\"__metadata__\":null,"
                    + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));

            assertThat(loaded.metadata()).isEmpty();
            assertThat(loaded.tensor("a").toFloatArray()).containsExactly(0f);
            assertThat(Safetensors.load(file("{\"__metadata__\":null}", 0)).tensors()).isEmpty();
        }

        @Test
        void loadFileReadsWhatSaveFileWrote(@TempDir Path dir) throws IOException {
            Path path = dir.resolve("state.safetensors");
            Safetensors.saveFile(sampleStateDict(), Map.of("step", "7"), path);

            SafetensorsData loaded = Safetensors.loadFile(path);

            assertThat(loaded.tensor("weight").toFloatArray()).containsExactly(1.0f, -2.5f);
            assertThat(loaded.metadata()).containsEntry("step", "7");
            assertThatThrownBy(() -> loaded.tensor("bias2")).hasMessageContaining("[step, bias, weight, mask]");
        }

        @Test
        void unsavableStateDictsAreRefused() {
            assertThatThrownBy(() -> Safetensors.save(Map.of("__metadata__", Tensor.of(1.0))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("__metadata__");
            Map<String, String> nullValue = new LinkedHashMap<>();
            nullValue.put("k", null);
            assertThatThrownBy(() -> Safetensors.save(Map.of(), nullValue))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("null");
        }
        @Test
        void aRefusedSaveFileLeavesTheExistingFileAlone(@TempDir Path dir) throws IOException {
            Path path = dir.resolve("state.safetensors");
            Safetensors.saveFile(sampleStateDict(), Map.of(), path);
            byte[] before = Files.readAllBytes(path);

            assertThatThrownBy(() -> Safetensors.saveFile(Map.of("__metadata__", Tensor.of(1.0)), Map.of(), path))
                    .isInstanceOf(IllegalArgumentException.class);

            assertThat(Files.readAllBytes(path)).as("the last good state is still there").isEqualTo(before);
        }

        /**
         * A header past {@link Safetensors#MAX_HEADER_SIZE} is refused by every reader, this one included, and by
         * the reference writer ("header too large"), so it is refused before a byte is written. The limit is
         * lowered through the writer's package-private seam to keep the test's memory small.
         */
        @Test
        void aHeaderOverTheLimitIsRefusedBeforeAnythingIsWritten() throws IOException {
            Map<String, Tensor> state = Map.of("w", Tensor.of(1.0f));
            Map<String, String> metadata = Map.of("note", "x".repeat(1000));
            long size = headerLength(new SafetensorsWriter(state, metadata, Long.MAX_VALUE));

            assertThat(headerLength(new SafetensorsWriter(state, metadata, size))).as("exactly the limit").isEqualTo(size);
            assertThatThrownBy(() -> new SafetensorsWriter(state, metadata, size - 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .message().contains("header would be " + size + " bytes", "limit of " + (size - 1) + " bytes",
                            "1 tensor", "1 metadata entry");
            assertThat(new SafetensorsWriter(state, metadata).size()).as("the public limit is MAX_HEADER_SIZE")
                    .isLessThan(Safetensors.MAX_HEADER_SIZE);
        }

        /** The header length that {@code writer} writes in its 8-byte prefix. */
        private static long headerLength(SafetensorsWriter writer) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writer.writeTo(out);
            return ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
    }

    @Nested
    class Malformed {
        private static final String ONE_F32 = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";

        private static void assertRejected(byte[] bytes, String... messageParts) {
            assertThatThrownBy(() -> Safetensors.load(bytes))
                    .isInstanceOf(SafetensorsFormatException.class)
                    .message().contains(messageParts);
        }

        @Test
        void aFileShorterThanTheLengthPrefix() {
            assertRejected(new byte[0], "0 bytes long", "8-byte little-endian header length");
            assertRejected(new byte[7], "7 bytes long");
        }

        @Test
        void aHeaderLengthBeyondTheFile() {
            byte[] bytes = file(ONE_F32, 4);
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);

            assertRejected(bytes, "says 1000 bytes", "only " + (bytes.length - 8) + " bytes follow");
        }

        @Test
        void aHeaderLengthBeyondTheLimit() {
            byte[] bytes = new byte[16];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 100_000_001L);
            assertRejected(bytes, "says 100000001 bytes", "limit of 100000000");

            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
            assertRejected(bytes, "says 18446744073709551615 bytes");
        }

        @Test
        void aHeaderThatIsNotJson() {
            assertRejected(file("{\"a\": {\"dtype\": ", 0), "not valid JSON", "expected a JSON object");
            assertRejected(file(ONE_F32 + " x", 4), "not valid JSON");
            assertRejected(file("", 0), "must be a JSON object", "but it is empty");
        }

        @Test
        void aHeaderThatIsNotAnObject() {
            assertRejected(file("[1, 2]", 0), "must be a JSON object", "a JSON array");
            assertRejected(file("\"F32\"", 0), "a JSON string");
        }

        @Test
        void aHeaderThatIsNotUtf8() {
            byte[] bytes = file("{\"a\":1}", 0);
            bytes[10] = (byte) 0xC3; // a lead byte followed by an ASCII byte
            assertRejected(bytes, "not valid UTF-8");
        }

        @Test
        void aRepeatedTensorName() {
            assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                    + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4,8]}}", 8), "Duplicate field 'a'");
        }

        @Test
        void anUnknownDtype() {
            assertRejected(file(ONE_F32.replace("F32", "F16"), 4), "tensor 'a' has dtype \"F16\"",
                    "F32, F64, I64, BOOL");
            assertRejected(file(ONE_F32.replace("\"F32\"", "7"), 4), "\"dtype\" must be a string");
        }

        @Test
        void malformedEntries() {
            assertRejected(file("{\"a\": [0, 4]}", 4), "entry 'a' must be an object");
            assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4), "tensor 'a' has no \"shape\"");
            assertRejected(file(ONE_F32.replace("[1]", "[-1]"), 4), "\"shape\" must be a list of non-negative");
            assertRejected(file(ONE_F32.replace("[1]", "[1.5]"), 4), "\"shape\" must be a list");
            assertRejected(file(ONE_F32.replace("[0,4]", "[4,0]"), 4), "0 <= begin <= end", "[4,0]");
            assertRejected(file(ONE_F32.replace("[0,4]", "[0,4,8]"), 4), "\"data_offsets\" must be [begin, end]");
            assertRejected(file(ONE_F32.replace("[0,4]", "[-4,0]"), 4), "\"data_offsets\" must be [begin, end]");
        }

        @Test
        void aSpanThatDoesNotMatchDtypeSizeTimesElements() {
            assertRejected(file(ONE_F32.replace("[1]", "[3]"), 4),
                    "tensor 'a' (F32 [3], data_offsets [0, 4]) needs 12 bytes (3 elements × 4)", "span 4");
            assertRejected(file(ONE_F32.replace("[1]", "[65536,65536]"), 4), "more than 2147483647 elements");
        }

        @Test
        void offsetsPastTheDataBuffer() {
            assertRejected(file(ONE_F32.replace("[0,4]", "[8,12]"), 4), "ends past the data buffer, which has 4 bytes");
        }

        @Test
        void overlappingTensors() {
            String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
            assertRejected(file(header, 8), "tensor 'b' (F32 [1], data_offsets [4, 8]) overlaps tensor 'a'");
        }

        @Test
        void aHoleBetweenTensors() {
            String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
            assertRejected(file(header, 12), "bytes [4, 8) of the data buffer belong to no tensor", "'b'");
            assertRejected(file(ONE_F32.replace("[0,4]", "[4,8]"), 8), "bytes [0, 4)");
        }

        @Test
        void trailingGarbage() {
            assertRejected(file(ONE_F32, 7), "has 7 bytes, but the tensors cover only the first 4",
                    "3 bytes after them are trailing garbage");
            assertRejected(file("{}", 1), "has 1 bytes, but the tensors cover only the first 0");
        }

        @Test
        void metadataThatIsNotStrings() {
            assertRejected(file("{\"__metadata__\":{\"step\":3}}", 0),
                    "\"__metadata__\" value of key 'step' is 3 (a JSON number)", "must be strings");
            assertRejected(file("{\"__metadata__\":{\"m\":null}}", 0), "is null");
            assertRejected(file("{\"__metadata__\":[\"x\"]}", 0), "\"__metadata__\" must be an object");
        }

        @Test
        void aBoolByteOtherThanZeroOrOne() {
            assertRejected(file("{\"m\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[] {1, 7}),
                    "tensor 'm' (BOOL) holds the byte 7 at element 1");
        }

        @Test
        void loadFileNamesThePath(@TempDir Path dir) throws IOException {
            Path path = dir.resolve("broken.safetensors");
            Files.write(path, new byte[3]);

            assertThatThrownBy(() -> Safetensors.loadFile(path))
                    .isInstanceOf(SafetensorsFormatException.class)
                    .hasMessageStartingWith(path + ": the file is 3 bytes long");
        }
    }
}
