#!/usr/bin/env bash
# Prepares what tests/gpu/check.sh needs on the GPU machine, which has CUDA and PyTorch but no Java:
#   .jdk-gpu/    a jlinked Temurin 25 runtime (~40 MiB), rebuilt only when missing
#   target/gpu/  streamgrad-gpu.jar (main classes + the GPU check mains from the test classes) and lib/ with
#                only the jars the golden run needs (jackson, picocli, and what the CLI drags in)
# Run here, then on the device tool:  carry [".jdk-gpu", "target/gpu"], command: tests/gpu/check.sh
# Needs: JAVA_HOME (or /usr/lib/jvm/temurin-25-jdk-amd64) with jlink, the Maven repository populated.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
gpu=target/gpu
limit_mib=60   # the device tool carries 64 MiB in all, the working tree included

# 1. classes: main and test (the checks live beside the tests but need no test library)
./mvnw -q -o -DskipTests test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$gpu/runtime-classpath.txt"

# 2. the thin jar
rm -rf "$gpu/jar" "$gpu/lib" "$gpu/streamgrad-gpu.jar"
mkdir -p "$gpu/jar" "$gpu/lib"
cp -r target/classes/. "$gpu/jar/"
(cd target/test-classes && cp --parents io/streamgrad/backend/cuda/GpuSelfCheck*.class \
    io/streamgrad/backend/cuda/DeviceChecks*.class io/streamgrad/backend/cuda/CudaBench*.class "$root/$gpu/jar/")
"$JAVA_HOME/bin/jar" --create --file "$gpu/streamgrad-gpu.jar" -C "$gpu/jar" .
rm -rf "$gpu/jar"

# 3. the jars: start from the ones the golden run is known to need, then add whichever jar provides a class
#    the run reports missing, until the golden run (on the CPU, here) succeeds. Kafka is not wanted, but the
#    CLI's subcommands name kafka-clients types, so picocli needs that jar to build the command line.
jar_for() {  # the first jar of the runtime class path holding class $1 (a/b/C)
    { tr ":" "\n" < "$gpu/runtime-classpath.txt"; echo; } | while read -r j; do
        if [ -f "$j" ] && unzip -l "$j" "$1.class" >/dev/null 2>&1; then echo "$j"; break; fi
    done
}
for a in jackson-databind jackson-core jackson-annotations picocli; do
    cp "$(tr ':' '\n' < "$gpu/runtime-classpath.txt" | grep "/$a-[0-9][^/]*\.jar$" | head -1)" "$gpu/lib/"
done
flags=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector)
for attempt in $(seq 1 20); do
    if out=$("$java" "${flags[@]}" -cp "$gpu/streamgrad-gpu.jar:$gpu/lib/*" io.streamgrad.cli.Main golden \
            tests/resources/golden/torch_ops.json --device cpu 2>&1); then
        echo "golden run on the CPU with $(ls "$gpu/lib" | tr '\n' ' '): $(echo "$out" | tail -1)"
        break
    fi
    missing=$(echo "$out" | grep -o 'NoClassDefFoundError: [^ ]*\|ClassNotFoundException: [^ ]*' | head -1 \
        | awk '{print $2}' | tr . /)
    jar=$( [ -n "$missing" ] && jar_for "$missing" || true)
    if [ -z "$jar" ]; then
        echo "$out" | tail -20 >&2
        echo "make-runtime: the golden run fails and no jar provides what it misses" >&2
        exit 1
    fi
    echo "adding $(basename "$jar") (for $missing)"
    cp "$jar" "$gpu/lib/"
done

# 4. the runtime. A fixed module list: jdeps would add java.desktop, java.sql, jdk.httpserver for classes of
#    the demo and the server that the check never loads, ~15 MiB the transfer cannot afford.
if [ ! -x .jdk-gpu/bin/java ]; then
    modules=java.base,java.logging,java.management,jdk.unsupported,jdk.incubator.vector
    "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
        --compress=zip-9 --output .jdk-gpu
    strip --strip-unneeded .jdk-gpu/lib/server/libjvm.so
fi

# 5. the runtime runs the golden file (and, where the CPU stand-in driver is built, the GPU checks)
run=(.jdk-gpu/bin/java "${flags[@]}" -cp "$gpu/streamgrad-gpu.jar:$gpu/lib/*")
"${run[@]}" io.streamgrad.cli.Main golden tests/resources/golden/torch_ops.json --device cpu | tail -1
if [ -f target/cuda-mock/libcuda.so.1 ]; then
    "${run[@]}" -Dstreamgrad.cuda.driver.path="$root/target/cuda-mock/libcuda.so.1" \
        -Dstreamgrad.cublas.path="$root/target/cuda-mock/libcublas.so.13" io.streamgrad.backend.cuda.GpuSelfCheck 20 | tail -1
fi

# 6. inputs of the Python interop checks the GPU machine runs (it has torch and safetensors, not Java)
samples="$gpu/samples"
rm -rf "$samples"
host_cp="target/classes:$(cat "$gpu/runtime-classpath.txt")"
"$java" "${flags[@]}" -cp "$host_cp" io.streamgrad.io.SafetensorsSample "$samples/safetensors" | tail -1
"$java" "${flags[@]}" -cp "$host_cp" io.streamgrad.pipeline.ModelUpdateSample "$samples/model-update" | tail -1

# 7. sizes: what travels must stay under the device tool's limit
tree=$( (git ls-files -z | du -ck --files0-from=- 2>/dev/null || true) | tail -1 | cut -f1)
total=$(( $(du -sk .jdk-gpu | cut -f1) + $(du -sk "$gpu" | cut -f1) + tree ))
echo "runtime $(du -sh .jdk-gpu | cut -f1), bundle $(du -sh "$gpu" | cut -f1), with the working tree $((total / 1024)) MiB"
if [ $((total / 1024)) -ge $limit_mib ]; then
    echo "make-runtime: $((total / 1024)) MiB is over the ${limit_mib} MiB budget" >&2
    exit 1
fi
