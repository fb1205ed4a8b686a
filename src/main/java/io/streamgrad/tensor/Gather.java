package io.streamgrad.tensor;

/** Advanced indexing of rows by an int64 index tensor ({@code x[idx]}). */
final class Gather {
    private Gather() {
    }

    static Tensor indexRows(Tensor x, Tensor indices) {
        if (indices.dtype() != DType.INT64 || indices.dim() != 1) {
            throw new TensorException("index expects a 1-D int64 tensor of row numbers, got "
                    + indices.dtype() + " of shape " + indices.shape());
        }
        if (x.dim() == 0) {
            throw new TensorException("index: cannot index a 0-dim tensor");
        }
        long[] rows = indices.toLongArray();
        int size = x.sizes[0];
        int[] sizes = x.sizes.clone();
        sizes[0] = rows.length;
        Tensor out = Creation.empty(sizes, x.dtype(), x.device());
        int[] picked = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            long r = rows[i];
            if (r < -size || r >= size) {
                throw new TensorException("index " + r + " is out of bounds for dimension 0 with size " + size);
            }
            picked[i] = (int) (r < 0 ? r + size : r);
            out.select(0, i).copyFrom(x.select(0, picked[i]).detach());
        }
        int[] original = x.sizes;
        return Recorder.record(out, "IndexBackward0", new Tensor[] {x}, (g, s) -> {
            Tensor full = Creation.empty(original.clone(), g.dtype(), g.device());
            for (int i = 0; i < picked.length; i++) {
                Tensor row = full.select(0, picked[i]);
                row.copyFrom(row.add(g.select(0, i)));
            }
            return new Tensor[] {full};
        });
    }
}
