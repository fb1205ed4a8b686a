#!/usr/bin/env bash
# Builds the CPU stand-ins for libcuda.so.1 and libcublas.so.13 (see mock_driver.cpp) into the given directory
# (default target/cuda-mock). Needs g++ (C++17) and CUDA 13's cuda.h (from any CUDA toolkit; CUDA_INCLUDE
# overrides where it is). Used by MockDeviceTest; not shipped.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${1:-$root/target/cuda-mock}
include=${CUDA_INCLUDE:-$(ls -d /usr/local/cuda/include /usr/local/cuda-*/include 2>/dev/null | head -1)}
if [ -z "$include" ] || [ ! -f "$include/cuda.h" ]; then
    echo "cuda.h not found (set CUDA_INCLUDE)" >&2
    exit 2
fi
mkdir -p "$out"
flags=(-std=c++17 -O1 -fPIC -shared -Wall -Wno-unknown-pragmas -Wno-unused-function)
g++ "${flags[@]}" -I"$include" -o "$out/libcuda.so.1" "$here/mock_driver.cpp"
g++ "${flags[@]}" -o "$out/libcublas.so.13" "$here/mock_cublas.cpp"
echo "built $out/libcuda.so.1 and $out/libcublas.so.13"
