#!/usr/bin/env bash
# The CUDA backend's check on a GPU machine, in one command. Prepare here first (no GPU needed):
#     tests/gpu/make-runtime.sh        # builds .jdk-gpu/ (jlinked JDK 25) and target/gpu/ (thin jar + lib/)
# then run on the GPU machine from the repository root (device tool: carry [".jdk-gpu", "target/gpu"]):
#     tests/gpu/check.sh
# Steps, each logged to $OUT (default target/gpu-out):
#   1. golden.txt     the conformance runner on cuda: must end "N passed, 0 failed"
#   2. selfcheck.txt  GpuSelfCheck (the CUDA tests without JUnit; 10,000-step leak check), then again with
#                     the PTX image and without cuBLAS (the built-in matmul kernel), 1,000 steps
#   3. bench.txt      streamgrad (CudaBench) against PyTorch (bench_torch.py) in the same run, with targets:
#                     Linear(4096->4096) step <= 1.1x PyTorch, Linear(3->1) step and a + a <= PyTorch
#   4. python.txt     PyTorch reads what streamgrad writes: safetensors files of every dtype, and a model-topic
#                     message that must predict what streamgrad predicted (inputs from make-runtime.sh)
#   5. summary.txt    one line per step; the exit code is 0 only when every step passed
# The machine has CUDA 13 and PyTorch but no Java; nothing here downloads anything.
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=${OUT:-$root/target/gpu-out}
mkdir -p "$out"
java=.jdk-gpu/bin/java
cp="target/gpu/streamgrad-gpu.jar:target/gpu/lib/*"
# STREAMGRAD_GPU_JAVA_OPTS: extra JVM flags, e.g. the CPU stand-in driver to try this script without a GPU
# shellcheck disable=SC2206
flags=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector
    -Xmx16g ${STREAMGRAD_GPU_JAVA_OPTS:-} -cp "$cp")
summary="$out/summary.txt"
: > "$summary"
status=0

if [ ! -x "$java" ] || [ ! -f target/gpu/streamgrad-gpu.jar ]; then
    echo "missing .jdk-gpu/ or target/gpu/: run tests/gpu/make-runtime.sh first and carry both" | tee "$summary"
    exit 2
fi

step() {  # step NAME LOGFILE COMMAND...: runs, logs, records PASS/FAIL
    local name=$1 log=$2
    shift 2
    local start=$SECONDS
    "$@" > "$log" 2>&1
    local rc=$?
    local verdict=PASS
    [ $rc -eq 0 ] || { verdict=FAIL; status=1; }
    echo "$verdict $name (exit $rc, $((SECONDS - start)) s): $(grep -v '^WARNING' "$log" | tail -1)" | tee -a "$summary"
}

{
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>&1
    ls -d /usr/local/cuda*/lib64/libcublas.so.* 2>&1
    python3 -c 'import torch; print("torch", torch.__version__, torch.version.cuda)' 2>&1
} > "$out/machine.txt"

# 1. conformance against PyTorch's reference values
step "golden --device cuda" "$out/golden.txt" \
    "$java" "${flags[@]}" io.streamgrad.cli.Main golden tests/resources/golden/torch_ops.json --device cuda
grep -q ' passed, 0 failed$' "$out/golden.txt" || status=1

# 2. the CUDA tests: cubin + cuBLAS, then PTX + built-in matmul kernel
step "GpuSelfCheck (cubin, cuBLAS)" "$out/selfcheck.txt" \
    "$java" "${flags[@]}" io.streamgrad.backend.cuda.GpuSelfCheck 10000
step "GpuSelfCheck (PTX, no cuBLAS)" "$out/selfcheck-fallback.txt" \
    "$java" "${flags[@]}" -Dstreamgrad.cuda.image=ptx -Dstreamgrad.cublas.path=none \
    io.streamgrad.backend.cuda.GpuSelfCheck 1000
cat "$out/selfcheck-fallback.txt" >> "$out/selfcheck.txt" && rm "$out/selfcheck-fallback.txt"

# 3. benchmark against PyTorch in the same run
{
    "$java" "${flags[@]}" io.streamgrad.backend.cuda.CudaBench 3
    "$java" "${flags[@]}" -Dstreamgrad.cuda.tf32=true io.streamgrad.backend.cuda.CudaBench 3 \
        linear_4096_batch_4096_step_tf32
} > "$out/bench_java.jsonl" 2> "$out/bench.log"
python3 tests/gpu/bench_torch.py 1 > "$out/bench_torch.jsonl" 2>> "$out/bench.log"
step "benchmark vs PyTorch" "$out/bench.txt" \
    python3 tests/gpu/bench_torch.py compare "$out/bench_java.jsonl" "$out/bench_torch.jsonl"
cat "$out/bench.log" >> "$out/bench.txt" && rm "$out/bench.log"

# 4. interop: the real safetensors.torch (absent where streamgrad is built) loads streamgrad's files
samples=target/gpu/samples
step "PyTorch loads streamgrad's safetensors and model updates" "$out/python.txt" bash -c \
    "python3 tests/python/check_safetensors.py $samples/safetensors/*.safetensors \
     && python3 tests/python/read_model_update.py $samples/model-update/model-update.bin"

cat "$out/bench.txt"
echo "overall: $([ $status -eq 0 ] && echo PASS || echo FAIL)" | tee -a "$summary"
exit $status
