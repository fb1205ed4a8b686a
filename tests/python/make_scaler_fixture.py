"""Writes tests/resources/data/sklearn_scalers.json: scikit-learn's own MinMaxScaler/StandardScaler results.

Run from the repository root with scikit-learn installed:  python3 tests/python/make_scaler_fixture.py
The Java tests (io.streamgrad.data.SklearnScalersTest) replay each case and compare within float64
tolerance. Inputs are C-contiguous float64 arrays read with the csv module (no pandas), so NumPy sums
the columns of a multi-column array in row order, as the Java code does, and the results agree bit for bit;
a one-column array is contiguous along the summed axis, NumPy sums it pairwise, and the results agree to
rounding.
"""
import csv
import json
import sys

import numpy as np
import sklearn
from sklearn.preprocessing import MinMaxScaler, StandardScaler

FEATURES = ["R&D Spend", "Administration", "Marketing Spend"]
TARGET = "Profit"
BATCHES = [1, 7, 13, 29]  # 50 rows, split unevenly to exercise the incremental update


def startups():
    with open("src/main/resources/data/50_Startups.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    x = np.ascontiguousarray([[float(r[c]) for c in FEATURES] for r in rows], dtype=np.float64)
    y = np.ascontiguousarray([[float(r[TARGET])] for r in rows], dtype=np.float64)
    return x, y


def batches(x):
    start = 0
    for size in BATCHES:
        yield x[start:start + size]
        start += size
    assert start == len(x)


def attributes(scaler):
    out = {"n_samples_seen": int(scaler.n_samples_seen_)}
    for name in ("mean", "var", "scale", "data_min", "data_max", "data_range", "min"):
        value = getattr(scaler, name + "_", None)
        if value is not None:
            out[name] = np.asarray(value).tolist()
    return out


def case(name, scaler, kwargs, x, probe, partial=False):
    # JSON has no tuples; scikit-learn insists on one for feature_range.
    scaler = scaler(**{k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()})
    if partial:
        for batch in batches(x):
            scaler.partial_fit(batch)
    else:
        scaler.fit(x)
    return {
        "name": name,
        "estimator": type(scaler).__name__,
        "kwargs": kwargs,
        "fit": "partial_fit" if partial else "fit",
        "batches": BATCHES if partial else [len(x)],
        "X": x.tolist(),
        "attributes": attributes(scaler),
        "probe": probe.tolist(),
        "transform": scaler.transform(probe).tolist(),
        "inverse_transform": scaler.inverse_transform(probe).tolist(),
    }


def main():
    x, y = startups()
    small = np.array([[1.0, 5.0, 2.0, -3.5], [1.0, 5.0, 4.0, 0.25], [1.0, 5.0, 9.0, 7.0],
                      [1.0, 5.0, -1.0, 1e-3]], dtype=np.float64)
    probe_small = np.array([[1.0, 5.0, 3.0, 2.0], [0.0, 6.0, -4.0, 100.0]])
    cases = [
        case("standard_startups_x", StandardScaler, {}, x, x[:5]),
        case("standard_startups_x_partial", StandardScaler, {}, x, x[:5], partial=True),
        case("standard_startups_y_partial", StandardScaler, {}, y, y[:5], partial=True),
        case("standard_no_mean", StandardScaler, {"with_mean": False}, small, probe_small),
        case("standard_no_std", StandardScaler, {"with_std": False}, small, probe_small),
        case("standard_constant_features", StandardScaler, {}, small, probe_small),
        case("minmax_startups_x_partial", MinMaxScaler, {}, x, x[:5], partial=True),
        case("minmax_range_constant_features", MinMaxScaler, {"feature_range": [-1.0, 2.0]}, small,
             probe_small),
    ]
    doc = {"generator": "scikit-learn " + sklearn.__version__ + ", numpy " + np.__version__,
           "script": "tests/python/make_scaler_fixture.py", "cases": cases}
    with open("tests/resources/data/sklearn_scalers.json", "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote", len(cases), "cases", file=sys.stderr)


if __name__ == "__main__":
    main()
