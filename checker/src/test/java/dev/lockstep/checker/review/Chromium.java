package dev.lockstep.checker.review;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Headless Chromium from the distribution's packages, for the browser test and the review bench. */
final class Chromium {
    private static final Pattern MEASURED = Pattern.compile(
            "<pre id=\"measured\">loaded (\\d+) ms, laid out (\\d+) ms, (\\d+) elements</pre>");

    private final String executable;
    private final Path profile;

    private Chromium(String executable, Path profile) {
        this.executable = executable;
        this.profile = profile;
    }

    /** The first of chromium, chromium-browser, google-chrome on the PATH, with its profile in {@code profile}. */
    static Optional<Chromium> find(Path profile) {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(new Chromium(Path.of(dir, name).toString(), profile));
                }
            }
        }
        return Optional.empty();
    }

    /** What one headless run printed, and its wall time (browser start-up included). */
    record Run(String stdout, String stderr, double seconds) {
        /** Whether the page logged to the console (an error, a refused script or fetch, any message). */
        boolean consoleMessages() {
            return stderr.contains("CONSOLE");
        }
    }

    /** Loads {@code page} headless with {@code action} (e.g. {@code --dump-dom}); fails if Chromium fails. */
    Run browse(Path page, String... action) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(executable, "--headless", "--no-sandbox", "--disable-gpu",
                "--allow-file-access-from-files", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile));
        cmd.addAll(List.of(action));
        cmd.add(page.toUri().toString());
        Path err = Files.createTempFile("chromium", ".err");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish in 120 s on " + page);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(err);
        if (p.exitValue() != 0) {
            throw new IOException("chromium exited with " + p.exitValue() + " on " + page + ":\n" + stderr);
        }
        return new Run(new String(out, StandardCharsets.UTF_8), stderr, seconds);
    }

    /** A page's load as the browser's own clock measures it, start-up excluded. */
    record Load(long loadedMillis, long layoutMillis, long elements) {}

    /**
     * Loads {@code page} in an iframe of a measuring page written next to it (the report's pages forbid scripts):
     * from the iframe's creation to its load event (fetch, parse, style), then a forced layout of the whole page
     * (reading its height), by {@code performance.now()}; and how many elements the page has.
     */
    Load measure(Path page) throws IOException, InterruptedException {
        Path harness = page.resolveSibling(".measure-" + page.getFileName());
        Files.writeString(harness, """
                <!DOCTYPE html><html><body><pre id="measured">not loaded</pre><script>
                const t0 = performance.now();
                const f = document.createElement('iframe');
                f.onload = () => {
                  const t1 = performance.now();
                  const d = f.contentDocument;
                  d.body.offsetHeight;
                  const t2 = performance.now();
                  document.getElementById('measured').textContent = 'loaded ' + Math.round(t1 - t0)
                      + ' ms, laid out ' + Math.round(t2 - t1) + ' ms, ' + d.getElementsByTagName('*').length
                      + ' elements';
                };
                f.src = '%s';
                document.body.appendChild(f);
                </script></body></html>
                """.formatted(page.getFileName().toString().replace("'", "\\'")));
        try {
            String dom = browse(harness, "--dump-dom").stdout();
            Matcher m = MEASURED.matcher(dom);
            if (!m.find()) {
                throw new IOException("the measuring page did not report on " + page + ": " + dom);
            }
            return new Load(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
        } finally {
            Files.delete(harness);
        }
    }
}
