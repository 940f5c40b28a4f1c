package org.stackbox.compute;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * One serial queue per server over a shared pool: the actions on one server run one at a time, in the order they were
 * submitted; different servers proceed in parallel.
 */
public final class SerialExecutors {
    private final ExecutorService pool;
    private final Map<String, Queue<Runnable>> queues = new HashMap<>();

    public SerialExecutors(ExecutorService pool) {
        this.pool = requireNonNull(pool, "pool is null");
    }

    public <T> CompletableFuture<T> submit(String serverId, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable wrapped = () -> {
            try {
                result.complete(task.get());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            } finally {
                next(serverId);
            }
        };
        boolean start;
        synchronized (queues) {
            Queue<Runnable> queue = queues.get(serverId);
            start = queue == null;
            if (start) {
                queues.put(serverId, new ArrayDeque<>());
            } else {
                queue.add(wrapped);
            }
        }
        if (start) {
            pool.execute(wrapped);
        }
        return result;
    }

    public CompletableFuture<Void> submit(String serverId, Runnable task) {
        return submit(serverId, () -> {
            task.run();
            return null;
        });
    }

    private void next(String serverId) {
        Runnable following;
        synchronized (queues) {
            Queue<Runnable> queue = queues.get(serverId);
            following = queue.poll();
            if (following == null) {
                queues.remove(serverId);
            }
        }
        if (following != null) {
            pool.execute(following);
        }
    }
}
