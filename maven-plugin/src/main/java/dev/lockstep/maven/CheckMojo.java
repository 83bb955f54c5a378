package dev.lockstep.maven;

import dev.lockstep.checker.tlc.TlcOptions;
import dev.lockstep.checker.tlc.TlcResult;
import dev.lockstep.checker.tlc.TlcRunner;
import dev.lockstep.checker.tlc.Verdict;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Model-checks one spec with one TLC config, as {@code lockstep check SPEC.tla} does. TLC runs in its own JVM (a fresh
 * metadir, deleted afterwards; killed with its process tree when the build is interrupted). The verdict, the
 * counterexample and TLC's statistics go to the log; the counterexample is also written as ITF JSON and as readable
 * text under {@code outputDirectory}. A violated property fails the build; a spec or config TLC rejects, an expression
 * it cannot evaluate, a crash or a timeout is an execution error.
 */
@Mojo(name = "check", requiresProject = true, threadSafe = true)
public final class CheckMojo extends AbstractMojo {
    /** The root module of the spec, a {@code .tla} file. */
    @Parameter(property = "lockstep.spec", required = true)
    private File spec;

    /** The TLC config; by default the {@code .cfg} next to the spec with the spec's name, as TLC does. */
    @Parameter(property = "lockstep.config")
    private File config;

    /** TLC worker threads ({@code -workers}). */
    @Parameter(property = "lockstep.workers", defaultValue = "1")
    private int workers;

    /** Stop TLC after this long and fail: {@code 90s}, {@code 5m}, {@code 2h} or ISO-8601 ({@code PT1M30S}). */
    @Parameter(property = "lockstep.timeout")
    private String timeout;

    /**
     * Where the counterexample is written: {@code PROPERTY.itf.json} (ITF; named after the verdict when TLC names no
     * property, e.g. {@code deadlock.itf.json}) and {@code PROPERTY.txt} (readable).
     */
    @Parameter(property = "lockstep.outputDirectory", defaultValue = "${project.build.directory}/lockstep")
    private File outputDirectory;

    /** Maximum heap of TLC's JVM, as for {@code -Xmx} (e.g. {@code 2g}); the JVM's default when not set. */
    @Parameter(property = "lockstep.tlcHeap")
    private String tlcHeap;

    /** Further TLC options, placed before the spec (e.g. {@code -fp}, {@code 1}); comma-separated as a property. */
    @Parameter(property = "lockstep.tlcArguments")
    private List<String> tlcArguments = new ArrayList<>();

    /** Skip the check. */
    @Parameter(property = "lockstep.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Log log = getLog();
        if (skip) {
            log.info("lockstep: check skipped");
            return;
        }
        TlcOptions options = options();
        log.info("lockstep: checking " + spec + " with " + options.effectiveConfig());
        TlcResult result = TlcRunner.run(options, p -> log.info(String.format(Locale.ROOT,
                "lockstep: %,d distinct states, %,d states/s, queue %,d, depth %d", p.distinct(), p.statesPerSecond(),
                p.queue(), p.depth())));
        if (log.isDebugEnabled()) {
            result.rawOutput().lines().forEach(log::debug);
        }
        if (result.verdict() == Verdict.INTERRUPTED) {
            throw new MojoExecutionException("lockstep: interrupted; TLC stopped");
        }
        List<Path> written;
        try {
            written = result.writeCounterexample(outputDirectory.toPath(), spec.getName());
        } catch (IOException e) {
            throw new MojoExecutionException("lockstep: cannot write the counterexample to " + outputDirectory + ": "
                    + e.getMessage(), e);
        }
        String report = result.report().stripTrailing();
        if (result.verdict() == Verdict.OK) {
            report.lines().forEach(log::info);
            return;
        }
        report.lines().forEach(log::error);
        written.forEach(f -> log.error("counterexample written to " + f));
        String what = spec.getName() + ": " + result.describe() + result.errorMessage().map(m -> ": " + m).orElse("");
        if (result.verdict().isViolation()) {
            throw new MojoFailureException(what + (written.isEmpty() ? "" : " (counterexample: " + written.get(0) + ")"));
        }
        throw new MojoExecutionException(what);
    }

    private TlcOptions options() throws MojoExecutionException {
        try {
            TlcOptions.Builder b = TlcOptions.builder(spec.toPath()).workers(workers).extraTlcArgs(tlcArguments);
            if (config != null) {
                b.config(config.toPath());
            }
            if (timeout != null) {
                b.timeout(TlcOptions.parseDuration(timeout));
            }
            if (tlcHeap != null) {
                b.tlcHeap(tlcHeap);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("lockstep: " + e.getMessage(), e);
        }
    }
}
