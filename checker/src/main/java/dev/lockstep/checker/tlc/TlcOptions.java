package dev.lockstep.checker.tlc;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run TLC on one model.
 *
 * @param spec the root module's {@code .tla} file
 * @param config the TLC config; empty means {@code <spec>.cfg} next to the spec, as TLC does
 * @param workers TLC worker threads ({@code -workers})
 * @param timeout wall-clock limit after which TLC is stopped (verdict {@link Verdict#TIMEOUT})
 * @param tlcHeap the TLC JVM's maximum heap as for {@code -Xmx} (e.g. {@code 512m}); empty keeps the JVM default
 * @param extraTlcArgs further TLC options placed before the spec (e.g. {@code -fp 1})
 * @param workingDirectory the TLC process's working directory; the spec's folder by default
 * @param metadirParent where the run's fresh metadir is created (and deleted afterwards); the system temp folder by
 *     default
 */
public record TlcOptions(Path spec, Optional<Path> config, int workers, Optional<Duration> timeout,
        Optional<String> tlcHeap, ImmutableList<String> extraTlcArgs, Path workingDirectory, Path metadirParent) {
    public TlcOptions {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(tlcHeap, "tlcHeap");
        Objects.requireNonNull(extraTlcArgs, "extraTlcArgs");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(metadirParent, "metadirParent");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (timeout.isPresent() && (timeout.get().isNegative() || timeout.get().isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout.get());
        }
    }

    public static Builder builder(Path spec) {
        return new Builder(spec);
    }

    /** The module name TLC is given: the spec's file name without {@code .tla}. */
    public String moduleName() {
        String name = spec.getFileName().toString();
        return name.endsWith(".tla") ? name.substring(0, name.length() - ".tla".length()) : name;
    }

    /** The config TLC will read: the given one or {@code <spec>.cfg}. */
    public Path effectiveConfig() {
        return config.orElseGet(() -> spec.resolveSibling(moduleName() + ".cfg"));
    }

    public static final class Builder {
        private final Path spec;
        private Optional<Path> config = Optional.empty();
        private int workers = 1;
        private Optional<Duration> timeout = Optional.empty();
        private Optional<String> tlcHeap = Optional.empty();
        private ImmutableList<String> extraTlcArgs = ImmutableList.of();
        private Optional<Path> workingDirectory = Optional.empty();
        private Path metadirParent = Path.of(System.getProperty("java.io.tmpdir"));

        private Builder(Path spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        public Builder config(Path value) {
            config = Optional.of(value);
            return this;
        }

        public Builder workers(int value) {
            workers = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = Optional.of(value);
            return this;
        }

        public Builder tlcHeap(String value) {
            tlcHeap = Optional.of(value);
            return this;
        }

        public Builder extraTlcArgs(List<String> value) {
            extraTlcArgs = ImmutableList.copyOf(value);
            return this;
        }

        public Builder workingDirectory(Path value) {
            workingDirectory = Optional.of(value);
            return this;
        }

        public Builder metadirParent(Path value) {
            metadirParent = Objects.requireNonNull(value, "metadirParent");
            return this;
        }

        public TlcOptions build() {
            Path folder = workingDirectory.orElseGet(() -> spec.toAbsolutePath().getParent());
            return new TlcOptions(spec, config, workers, timeout, tlcHeap, extraTlcArgs, folder, metadirParent);
        }
    }
}
