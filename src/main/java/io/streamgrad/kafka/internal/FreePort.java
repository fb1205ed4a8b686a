package io.streamgrad.kafka.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds a free TCP port on the loopback interface. KRaft needs the controller's port in the quorum
 * voters before the controller binds it, so "bind port 0 and read it back" is not available; the small
 * window between probing and binding is acceptable for a single-node test broker.
 */
public final class FreePort {
    private FreePort() {
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int onLoopback() {
        try (ServerSocket socket = bind(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port on the loopback interface", e);
        }
    }

    /**
     * {@code count} distinct ports that were free on 127.0.0.1 a moment ago, none of them in {@code taken}. Each
     * probe's socket stays bound until all are found, so the system cannot hand out one port twice (two separate
     * {@link #onLoopback()} calls may, and a broker whose client and controller ports collide cannot start).
     *
     * @param taken ports the caller has chosen already (e.g. a fixed client port), which are not returned
     */
    public static int[] onLoopback(int count, int... taken) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            int found = 0;
            while (found < count) {
                ServerSocket socket = bind(0);
                held.add(socket);
                int port = socket.getLocalPort();
                if (Arrays.stream(taken).noneMatch(t -> t == port)) {
                    ports[found++] = port;
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find " + count + " free ports on the loopback interface", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // a probe socket that does not close still frees its port when the JVM collects it
                }
            }
        }
    }

    /** True when {@code port} can be bound on 127.0.0.1 now. */
    public static boolean isFree(int port) {
        try {
            bind(port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            // As a listening socket does: a port whose old connections linger in TIME_WAIT counts as free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 1);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
