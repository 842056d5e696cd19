package org.secretdesk.ui.common;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.concurrent.Task;

/**
 * The one way the console runs work off the FX thread:
 * {@code Tasks.create(() -> client.listApplications(…)).onSuccess(list -> …).onError(e -> …).runOn(executor)}.
 * Callbacks run on the FX thread.
 */
public final class Tasks {

    private Tasks() {
    }

    public static <T> Builder<T> create(Callable<T> work) {
        return new Builder<>(work);
    }

    public static final class Builder<T> {
        private final Callable<T> work;
        private Consumer<T> onSuccess = r -> { };
        private Consumer<Throwable> onError = e -> { };
        private Runnable onFinally = () -> { };

        private Builder(Callable<T> work) {
            this.work = Objects.requireNonNull(work);
        }

        public Builder<T> onSuccess(Consumer<T> handler) {
            this.onSuccess = Objects.requireNonNull(handler);
            return this;
        }

        public Builder<T> onError(Consumer<Throwable> handler) {
            this.onError = Objects.requireNonNull(handler);
            return this;
        }

        public Builder<T> andFinally(Runnable handler) {
            this.onFinally = Objects.requireNonNull(handler);
            return this;
        }

        /** Builds the task without starting it (for binding its running/progress properties). */
        public Task<T> build() {
            Task<T> task = new Task<>() {
                @Override
                protected T call() throws Exception {
                    return work.call();
                }
            };
            task.setOnSucceeded(e -> {
                try {
                    onSuccess.accept(task.getValue());
                } finally {
                    onFinally.run();
                }
            });
            task.setOnFailed(e -> {
                try {
                    onError.accept(task.getException());
                } finally {
                    onFinally.run();
                }
            });
            task.setOnCancelled(e -> onFinally.run());
            return task;
        }

        public Task<T> runOn(Executor executor) {
            Task<T> task = build();
            executor.execute(task);
            return task;
        }
    }

    /** Runs {@code action} on the FX thread: now if already there, else later. */
    public static void onFx(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }
}
