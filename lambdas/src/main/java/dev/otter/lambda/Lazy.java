package dev.otter.lambda;

import java.util.function.Supplier;

/** A value computed on first use, once; lets a handler build only the collaborators it uses. */
final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> supplier;
    private volatile T value;

    private Lazy(Supplier<? extends T> supplier) {
        this.supplier = supplier;
    }

    static <T> Lazy<T> of(Supplier<? extends T> supplier) {
        return new Lazy<>(supplier);
    }

    static <T> Lazy<T> missing(String what) {
        return new Lazy<>(() -> {
            throw new IllegalStateException("OtterServices has no " + what + "; set it on the builder");
        });
    }

    @Override
    public T get() {
        T result = value;
        if (result == null) {
            synchronized (this) {
                result = value;
                if (result == null) {
                    result = supplier.get();
                    value = result;
                }
            }
        }
        return result;
    }
}
