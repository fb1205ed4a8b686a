#!/usr/bin/env python3
"""Checks that safetensors files written by streamgrad load in Python as their JSON sidecars say.

    java -cp streamgrad.jar io.streamgrad.io.SafetensorsSample DIR
    python3 tests/python/check_safetensors.py DIR/*.safetensors

Each FILE.safetensors is loaded with safetensors.torch.load(bytes) (safetensors.numpy.load when torch is not
installed) and compared with FILE.json: metadata, tensor names in file order, dtypes, shapes and values,
exactly (NaN equals NaN; -0.0 must keep its sign). The raw header is checked too: an 8-byte little-endian
length, a JSON object padded with spaces to a multiple of 8. Exits 1 on the first file that differs.
"""
import json
import math
import struct
import sys

from safetensors import safe_open

try:
    import torch
    from safetensors.torch import load
    FRAMEWORK = "pt"
except ImportError:
    torch = None
    from safetensors.numpy import load
    FRAMEWORK = "np"


def expected_value(v):
    return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}.get(v, v) if isinstance(v, str) else v


def same(got, want):
    if isinstance(want, float):
        if math.isnan(want):
            return math.isnan(got)
        return got == want and math.copysign(1.0, got) == math.copysign(1.0, want)
    return got == want and type(got) is type(want)


def dtype_name(t):
    return str(t.dtype).removeprefix("torch.") if FRAMEWORK == "pt" else t.dtype.name


def check_header(raw):
    (n,) = struct.unpack("<Q", raw[:8])
    assert n % 8 == 0, f"header length {n} is not a multiple of 8"
    text = raw[8:8 + n].decode("utf-8")
    assert text.rstrip(" ").endswith("}"), "the header JSON is followed by something other than space padding"
    pairs = json.loads(text, object_pairs_hook=lambda kv: kv)
    return [k for k, _ in pairs if k != "__metadata__"]


def check(path):
    raw = open(path, "rb").read()
    sidecar_path = path[: -len(".safetensors")] + ".json"
    with open(sidecar_path, encoding="utf-8") as f:
        want = json.load(f)
    names_in_header = check_header(raw)
    tensors = load(raw)
    with safe_open(path, framework=FRAMEWORK) as f:
        metadata = f.metadata() or {}
    problems = []
    if metadata != want["metadata"]:
        problems.append(f"metadata {metadata!r} != {want['metadata']!r}")
    if names_in_header != list(want["tensors"]):
        problems.append(f"header order {names_in_header} != {list(want['tensors'])}")
    if set(tensors) != set(want["tensors"]):
        problems.append(f"names {sorted(tensors)} != {sorted(want['tensors'])}")
    for name, spec in want["tensors"].items():
        if name not in tensors:
            continue
        t = tensors[name]
        if dtype_name(t) != spec["dtype"]:
            problems.append(f"{name}: dtype {dtype_name(t)} != {spec['dtype']}")
        if list(t.shape) != spec["shape"]:
            problems.append(f"{name}: shape {list(t.shape)} != {spec['shape']}")
        got = t.reshape(-1).tolist()  # the same call on a torch tensor and a numpy array
        wanted = [expected_value(v) for v in spec["data"]]
        if len(got) != len(wanted):
            problems.append(f"{name}: {len(got)} values != {len(wanted)}")
            continue
        for i, (g, w) in enumerate(zip(got, wanted)):
            if not same(g, w):
                problems.append(f"{name}[{i}]: {g!r} != {w!r}")
                break
    if problems:
        print(f"FAIL {path}:\n  " + "\n  ".join(problems))
        return False
    print(f"OK   {path}: {len(tensors)} tensors, {len(metadata)} metadata entries ({FRAMEWORK})")
    return True


def main(paths):
    if not paths:
        print(__doc__)
        return 2
    return 0 if all([check(p) for p in paths]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
