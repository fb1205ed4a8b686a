#!/usr/bin/env python3
"""PyTorch's side of the GPU benchmark, measured as io.streamgrad.backend.cuda.CudaBench measures streamgrad.

    python3 tests/gpu/bench_torch.py [scale]              # prints one JSON object per line
    python3 tests/gpu/bench_torch.py compare JAVA TORCH   # table of both, ratios and targets; exit 1 if missed

Each figure: wall time of N iterations / N, with torch.cuda.synchronize() before the clock starts and stops.
"""
import json
import sys
import time

TARGETS = {  # streamgrad time / PyTorch time must not exceed these
    "add_3_floats": 1.0,
    "linear_3_1_batch_1024_step": 1.0,
    "linear_4096_batch_4096_step_fp32": 1.1,
}


def timed(fn, warmup, n):
    import torch
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(n):
        fn()
    torch.cuda.synchronize()
    return (time.perf_counter() - start) / n


def linear_step_seconds(features_in, features_out, batch, steps):
    import torch
    torch.manual_seed(0)
    model = torch.nn.Linear(features_in, features_out).cuda()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.MSELoss()
    x = torch.randn(batch, features_in, device="cuda")
    y = torch.randn(batch, features_out, device="cuda")

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    return timed(step, max(3, steps // 10), steps)


def report(name, unit, value):
    print(json.dumps({"name": name, "unit": unit, "value": round(value, 4), "impl": "torch"}), flush=True)


def bench(scale):
    import torch
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    print(f"torch {torch.__version__} on {torch.cuda.get_device_name(0)}", file=sys.stderr)
    a = torch.tensor([1.0, 2.0, 3.0], device="cuda")
    report("add_3_floats", "us_per_op", timed(lambda: a + a, 2000, int(20000 * scale)) * 1e6)
    report("linear_3_1_batch_1024_step", "ms_per_step", linear_step_seconds(3, 1, 1024, int(500 * scale)) * 1e3)
    report("linear_4096_batch_4096_step_fp32", "ms_per_step",
           linear_step_seconds(4096, 4096, 4096, max(5, int(20 * scale))) * 1e3)
    torch.backends.cuda.matmul.allow_tf32 = True
    report("linear_4096_batch_4096_step_tf32", "ms_per_step",
           linear_step_seconds(4096, 4096, 4096, max(5, int(20 * scale))) * 1e3)


def load(path):
    with open(path) as f:
        return {r["name"]: r for r in (json.loads(line) for line in f if line.startswith("{"))}


def compare(java_path, torch_path):
    java, torch = load(java_path), load(torch_path)
    missed = 0
    print(f"{'benchmark':36} {'streamgrad':>12} {'PyTorch':>12} {'ratio':>7}  target")
    for name in sorted(set(java) | set(torch)):
        j, t = java.get(name), torch.get(name)
        if j is None or t is None:
            print(f"{name:36} {'-' if j is None else j['value']:>12} {'-' if t is None else t['value']:>12}")
            continue
        ratio = j["value"] / t["value"]
        target = TARGETS.get(name)
        verdict = "" if target is None else ("ok" if ratio <= target else "MISSED")
        missed += verdict == "MISSED"
        print(f"{name:36} {j['value']:>12.4f} {t['value']:>12.4f} {ratio:>7.2f}  "
              f"{'' if target is None else '<= ' + str(target)} {verdict}  ({j['unit']})")
    return 1 if missed else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    bench(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
