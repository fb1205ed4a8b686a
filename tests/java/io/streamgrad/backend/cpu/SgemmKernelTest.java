package io.streamgrad.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link Gemm#sgemm} picks its blocked float32 kernel: the Vector API one only when the JVM has the
 * {@code jdk.incubator.vector} module and {@value Gemm#VECTOR_PROPERTY} is not {@code false}; and a JVM
 * without the module (a plain {@code java -jar}) neither loads {@link VectorSgemm} nor computes other bits.
 */
class SgemmKernelTest {

    @TempDir
    Path dir;

    @Test
    void vectorKernelNeedsTheModuleAndNoOptOut() {
        SgemmKernel vectorIfWorthwhile = VectorSgemm.worthwhile() ? SgemmKernel.VECTOR : SgemmKernel.PLAIN;
        assertThat(SgemmKernel.select(false, null)).isEqualTo(SgemmKernel.PLAIN);
        assertThat(SgemmKernel.select(false, "true")).isEqualTo(SgemmKernel.PLAIN);
        assertThat(SgemmKernel.select(true, "false")).isEqualTo(SgemmKernel.PLAIN);
        assertThat(SgemmKernel.select(true, "FALSE")).isEqualTo(SgemmKernel.PLAIN);
        assertThat(SgemmKernel.select(true, null)).isEqualTo(vectorIfWorthwhile);
        assertThat(SgemmKernel.select(true, "true")).isEqualTo(vectorIfWorthwhile);
    }

    @Test
    void thisJvmUsesTheSelectionRule() {
        assertThat(SgemmKernel.selected()).isEqualTo(
                SgemmKernel.select(SgemmKernel.vectorModulePresent(), System.getProperty(Gemm.VECTOR_PROPERTY)));
    }

    @Test
    void jvmWithoutTheModuleRunsThePlainKernelWithTheSameBits() throws Exception {
        Child child = runProbe();
        assertThat(child.output()).contains("kernel=PLAIN",
                "bits=" + SgemmProbe.productHash(SgemmKernel.VECTOR));
        assertThat(child.loadedClasses()).contains(Gemm.class.getName())
                .doesNotContain(VectorSgemm.class.getName(), "jdk.incubator.vector");
    }

    @Test
    void propertyFalseKeepsTheVectorKernelUnloaded() throws Exception {
        Child child = runProbe("--add-modules", SgemmKernel.VECTOR_MODULE, "-D" + Gemm.VECTOR_PROPERTY + "=false");
        assertThat(child.output()).contains("kernel=PLAIN",
                "bits=" + SgemmProbe.productHash(SgemmKernel.VECTOR));
        assertThat(child.loadedClasses()).contains(Gemm.class.getName())
                .doesNotContain(VectorSgemm.class.getName());
    }

    /** What a child JVM printed, and the log of every class it loaded. */
    private record Child(String output, String loadedClasses) {
    }

    /** Runs {@link SgemmProbe} in a fresh JVM with only the main and test classes on its class path. */
    private Child runProbe(String... jvmFlags) throws IOException, InterruptedException {
        Path classLog = dir.resolve("classes.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmFlags));
        command.add("-Xlog:class+load=info:file=" + classLog);
        command.add("-cp");
        command.add(codeSource(Gemm.class) + java.io.File.pathSeparator + codeSource(SgemmProbe.class));
        command.add(SgemmProbe.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        assertThat(process.exitValue()).as("child JVM exit status; it printed:%n%s", output).isZero();
        return new Child(output, Files.readString(classLog));
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
