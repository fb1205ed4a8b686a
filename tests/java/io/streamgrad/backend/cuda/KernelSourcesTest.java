package io.streamgrad.backend.cuda;

import io.streamgrad.backend.BinaryOp;
import io.streamgrad.backend.ReduceOp;
import io.streamgrad.backend.UnaryOp;
import io.streamgrad.tensor.DType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java side and the CUDA C agree without a GPU to prove it: op and dtype numbers match the
 * {@code #define}s, every kernel the backend asks for is in both binaries, and the parameter blocks the Java
 * side packs have the kernels' sizes.
 */
class KernelSourcesTest {
    private static final Path CUDA = Path.of("src/main/cuda");

    private static Map<String, Integer> defines() throws IOException {
        Map<String, Integer> out = new HashMap<>();
        Pattern define = Pattern.compile("^#define (SG_[A-Z0-9_]+) (\\d+)$", Pattern.MULTILINE);
        for (String file : List.of("common.cuh", "elementwise.cuh", "reduce.cuh")) {
            Matcher m = define.matcher(Files.readString(CUDA.resolve(file)));
            while (m.find()) {
                out.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        return out;
    }

    @Test
    void opAndDtypeCodesMatchTheKernelsDefines() throws IOException {
        Map<String, Integer> defines = defines();

        for (UnaryOp op : UnaryOp.values()) {
            assertThat(OpCodes.unary(op)).as(op.name()).isEqualTo(defines.get("SG_" + op.name()));
        }
        for (BinaryOp op : BinaryOp.values()) {
            assertThat(OpCodes.binary(op)).as(op.name()).isEqualTo(defines.get("SG_" + op.name()));
        }
        for (ReduceOp op : ReduceOp.values()) {
            assertThat(OpCodes.reduce(op)).as(op.name()).isEqualTo(defines.get("SG_" + op.name()));
        }
        assertThat(OpCodes.dtype(DType.FLOAT32)).isEqualTo(defines.get("SG_F32"));
        assertThat(OpCodes.dtype(DType.FLOAT64)).isEqualTo(defines.get("SG_F64"));
        assertThat(OpCodes.dtype(DType.INT64)).isEqualTo(defines.get("SG_I64"));
        assertThat(OpCodes.dtype(DType.BOOL)).isEqualTo(defines.get("SG_BOOL"));
        assertThat(defines.get("SG_MAX_DIMS")).isEqualTo(Geometry.MAX_DIMS);
        assertThat(defines.get("SG_THREADS")).isEqualTo(DeviceContext.THREADS).isEqualTo(ReductionPlan.THREADS);
        assertThat(Transfers.SMALL_BYTES).as("one upload thread per byte").isLessThanOrEqualTo(defines.get("SG_THREADS"));
    }

    /** Every name the backend builds, as it builds them. */
    private static List<String> kernelNames() {
        List<String> names = new ArrayList<>(List.of("sg_cast", "sg_upload_small", "sg_matmul_f32", "sg_matmul_f64"));
        for (DType dtype : DType.values()) {
            String s = OpCodes.suffix(dtype);
            if (dtype != DType.BOOL) {
                names.add("sg_unary_" + s);
            }
            names.addAll(List.of("sg_binary_" + s, "sg_compare_" + s, "sg_reduce_" + s, "sg_reduce_" + s + "_finish",
                    "sg_where_" + dtype.itemSize(), "sg_copy_" + dtype.itemSize(), "sg_fill_" + dtype.itemSize()));
        }
        return names;
    }

    @Test
    void everyKernelTheBackendLaunchesIsInBothBinaries() throws IOException {
        String ptx = Files.readString(Path.of("src/main/resources/cuda", KernelModule.PTX));
        String cubin = new String(Files.readAllBytes(Path.of("src/main/resources/cuda", KernelModule.CUBIN)),
                StandardCharsets.ISO_8859_1);

        for (String name : kernelNames()) {
            assertThat(ptx).as("PTX entry " + name).contains(".entry " + name + "(");
            assertThat(cubin).as("cubin symbol " + name).contains("\0" + name + "\0");
        }
        assertThat(ptx).as("PTX target").contains(".target sm_75");
    }

    /** Number of 32-bit ints in a struct of ints and int arrays of SG_MAX_DIMS. */
    private static int intsIn(String struct) throws IOException {
        String source = Files.readString(CUDA.resolve("reduce.cuh")) + Files.readString(CUDA.resolve("matmul.cuh"));
        Matcher body = Pattern.compile("struct " + struct + " \\{(.*?)\\};", Pattern.DOTALL).matcher(source);
        assertThat(body.find()).as(struct).isTrue();
        int ints = 0;
        Matcher field = Pattern.compile("^\\s*(\\w+) \\w+(\\[SG_MAX_DIMS\\])?;", Pattern.MULTILINE).matcher(body.group(1));
        while (field.find()) {
            assertThat(field.group(1).toLowerCase(Locale.ROOT)).as("only int fields: no padding").isEqualTo("int");
            ints += field.group(2) == null ? 1 : Geometry.MAX_DIMS;
        }
        return ints;
    }

    @Test
    void packedParameterBlocksHaveTheStructsSizes() throws IOException {
        int[] reduce = ReductionPlan.pack(1, 1, new int[0], new int[0], new int[0], new int[0], new int[0], 0, 0, 1,
                false, 1);

        assertThat(reduce).hasSize(intsIn("ReduceGeom"));
        assertThat(intsIn("MatGeom")).isEqualTo(MatmulKernels.GEOMETRY_INTS);
    }
}
