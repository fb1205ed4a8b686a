package io.streamgrad.backend.cuda;

import java.lang.foreign.MemorySegment;

/**
 * A kernel of the loaded module: its {@code extern "C"} name and {@code CUfunction} handle.
 *
 * @param name     as declared in {@code src/main/cuda}
 * @param function the driver's handle
 */
record Kernel(String name, MemorySegment function) {
}
