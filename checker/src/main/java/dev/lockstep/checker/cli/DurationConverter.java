package dev.lockstep.checker.cli;

import dev.lockstep.checker.tlc.TlcOptions;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration as {@link TlcOptions#parseDuration} does: {@code 90s}, {@code 5m}, {@code PT1M30S}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return TlcOptions.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
