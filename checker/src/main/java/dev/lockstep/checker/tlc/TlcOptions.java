package dev.lockstep.checker.tlc;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern HEAP_SIZE = Pattern.compile("\\d{1,9}[kKmMgG]?");
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

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
        if (tlcHeap.isPresent() && !isHeapSize(tlcHeap.get())) {
            throw new IllegalArgumentException("TLC heap '" + tlcHeap.get() + "' is not a size like 512m or 4g");
        }
    }

    /** Whether {@code size} is a heap size {@code -Xmx} takes: digits with an optional k, m or g. */
    public static boolean isHeapSize(String size) {
        return HEAP_SIZE.matcher(size).matches();
    }

    /**
     * Reads a timeout: {@code 500ms}, {@code 90s}, {@code 5m}, {@code 2h} or an ISO-8601 duration ({@code PT1M30S}).
     *
     * @throws IllegalArgumentException for anything else, or a duration that is not positive
     */
    public static Duration parseDuration(String value) {
        Matcher m = SIMPLE_DURATION.matcher(value.strip());
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                d = Duration.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + value + "' is not a duration (e.g. 90s, 5m, 2h, PT1M30S)");
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("'" + value + "' is not a positive duration");
        }
        return d;
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
