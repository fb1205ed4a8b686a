#!/usr/bin/env python3
"""Reads a streamgrad model update into PyTorch, as a Python service consuming the model topic would.

    java -cp streamgrad.jar io.streamgrad.pipeline.ModelUpdateSample DIR
    python3 tests/python/read_model_update.py DIR/model-update.bin

The file holds exactly the value bytes of one record of the model topic. They are loaded with
safetensors.torch.load(value) into torch.nn.Linear(3, 1); the script prints the metadata, the weights and the
prediction for one row in the target's original units (features scaled with the message's scaler.x.*, the
output unscaled with scaler.y.*). When DIR/model-update.json is there (ModelUpdateSample writes it), the
prediction must match the one streamgrad made in Java: exit 1 otherwise.
"""
import json
import math
import os
import struct
import sys

import torch
from safetensors.torch import load

# The Java side computes in float32 like torch; the scalers' float64 arithmetic differs only in rounding.
RELATIVE_TOLERANCE = 1e-5


def scale(x, scaler, state, prefix):
    """scikit-learn's transform, from the scaler state the message carries under prefix."""
    if scaler == "minmax":
        return x * state[prefix + "scale"] + state[prefix + "min"]
    if scaler == "standard":
        if bool(state.get(prefix + "with_mean", torch.tensor(False))):
            x = x - state[prefix + "mean"]
        return x / state[prefix + "scale"] if prefix + "scale" in state else x
    return x


def unscale(y, scaler, state, prefix):
    """scikit-learn's inverse_transform."""
    if scaler == "minmax":
        return (y - state[prefix + "min"]) / state[prefix + "scale"]
    if scaler == "standard":
        y = y * state[prefix + "scale"] if prefix + "scale" in state else y
        return y + state[prefix + "mean"] if bool(state.get(prefix + "with_mean", torch.tensor(False))) else y
    return y


def metadata(value):
    """The __metadata__ of a safetensors message: an 8-byte little-endian header length, then the JSON header."""
    (n,) = struct.unpack("<Q", value[:8])
    return json.loads(value[8:8 + n])["__metadata__"]


def main(path):
    with open(path, "rb") as f:
        value = f.read()
    state = load(value)                                   # what a consumer does with record.value()
    meta = metadata(value)
    features = json.loads(meta["features"])
    print(f"model {meta['model_id']} version {meta['version']}: step {meta['step']}, rows seen {meta['rows_seen']},"
          f" last loss {meta['last_loss']}, scaler {meta['scaler']}")

    layer = torch.nn.Linear(len(features), 1)
    layer.load_state_dict({k: v for k, v in state.items() if k in ("weight", "bias")})
    print(layer)
    print("weight", layer.weight.detach().tolist(), "bias", layer.bias.detach().tolist(), "(scaled units)")

    expected_path = os.path.join(os.path.dirname(path), "model-update.json")
    expected = None
    if os.path.exists(expected_path):
        with open(expected_path, encoding="utf-8") as f:
            expected = json.load(f)
    row = expected["row"] if expected else [165349.2, 136897.8, 471784.1]
    scaler = meta["scaler"]
    x = scale(torch.tensor([row], dtype=torch.float64), scaler, state, "scaler.x.").to(torch.float32)
    with torch.no_grad():
        out = layer(x).to(torch.float64)
    prediction = unscale(out, scaler, state, "scaler.y.").item()
    print(f"prediction for {dict(zip(features, row))}: {meta['target']} = {prediction:.2f}")

    if expected is None:
        return 0
    want = expected["prediction"]
    ok = math.isclose(prediction, want, rel_tol=RELATIVE_TOLERANCE)
    print(f"streamgrad (Java) predicted {want:.2f}: {'same' if ok else 'DIFFERENT'}"
          f" (relative difference {abs(prediction - want) / abs(want):.1e})")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
