package dev.lockstep.checker.tlc;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.rmi.NoSuchObjectException;
import java.rmi.Remote;
import java.rmi.server.UnicastRemoteObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The main class of a long-lived TLC worker JVM ({@link TlcWorkers}): checks one model after another, each with
 * TLC's classes loaded afresh.
 *
 * <p>TLC keeps its run's state in static fields all over (TLCGlobals, SANY's tables, the message printer, model values,
 * fingerprint sets) and does not reset them; upstream says it "cannot check two different specs in the same JVM" and
 * reloads TLC's classes in a new class loader to test it in one (tlaplus/tlaplus PR #425, IsolatedTestCaseRunner).
 * This worker does the same: every model gets a new class loader over the tlatools jar (never on this JVM's class
 * path), so every static field starts from its initial value, as in a fresh JVM. What the JVM saves is its own start,
 * the opened jar and the JDK's warm classes; TLC's own classes are loaded and compiled again for each model.
 *
 * <p>Protocol: stdin carries requests, each an argument count then the arguments (DataOutput UTF), then the value of
 * {@code java.io.tmpdir} for the run. stdout carries TLC's output (stderr merged into it), then a line
 * {@code <END> <token> <exit code> <ok|retire>}, where {@code token} is this worker's secret first argument, so no
 * output of a spec can forge the end. The exit code is the one {@code tlc2.TLC.main} would exit with. {@code retire}
 * says the worker exits now (a thread of the run is still busy, runs left too much behind, or the JVM itself failed).
 * End of stdin ends the worker.
 */
public final class TlcWorkerMain {
    static final String END = "@!@!@LOCKSTEP-WORKER-END";

    /** How long threads a run started may take to end after TLC returned, before the worker retires. */
    private static final long STRAGGLER_WAIT_MS = 2000;

    /** Runs that may leave idle threads behind (see {@link #stragglersEnded}) before the worker retires. */
    private static final int LEAKY_RUNS = 8;

    private static int leakyRuns;

    private TlcWorkerMain() {}

    public static void main(String[] args) throws Exception {
        URL tlaTools = Path.of(args[0]).toUri().toURL();
        String token = args[1];
        LastByte last = new LastByte(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        PrintStream out = new PrintStream(last, true);
        System.setOut(out);
        System.setErr(out);
        DataInputStream in = new DataInputStream(System.in);
        for (int run = 1; ; run++) {
            List<String> tlcArgs = new ArrayList<>();
            String tmpdir;
            try {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    tlcArgs.add(in.readUTF());
                }
                tmpdir = in.readUTF();
            } catch (EOFException end) {
                return;
            }
            Properties saved = (Properties) System.getProperties().clone();
            System.setProperty("java.io.tmpdir", tmpdir);
            Outcome outcome = check(tlaTools, tlcArgs, run);
            System.setProperties(saved);
            out.flush();
            if (last.value != '\n') {
                out.print('\n');
            }
            out.print(END + " " + token + " " + outcome.exitCode + " " + (outcome.retire ? "retire" : "ok") + "\n");
            out.flush();
            if (outcome.retire) {
                Runtime.getRuntime().halt(0);
            }
        }
    }

    private record Outcome(int exitCode, boolean retire) {}

    /** One model, as {@code java tlc2.TLC ARGS} would check it, in a thread group of its own. */
    private static Outcome check(URL tlaTools, List<String> args, int run) throws InterruptedException {
        ThreadGroup group = new ThreadGroup("tlc-run-" + run);
        int[] exitCode = {1};
        boolean[] vmFailed = {false};
        try (URLClassLoader loader = new URLClassLoader("tlc-run-" + run, new URL[] {tlaTools},
                ClassLoader.getPlatformClassLoader())) {
            Thread main = new Thread(group, () -> {
                try {
                    exitCode[0] = tlcMain(loader, args.toArray(String[]::new));
                } catch (Throwable t) {
                    Throwable cause = t instanceof InvocationTargetException ite ? ite.getCause() : t;
                    // As the JVM reports an exception that escapes main; a fresh JVM would then exit 1.
                    System.err.print("Exception in thread \"main\" ");
                    cause.printStackTrace();
                    vmFailed[0] = cause instanceof VirtualMachineError;
                    exitCode[0] = 1;
                }
            }, "main");
            main.setContextClassLoader(loader);
            main.start();
            main.join();
            boolean released = releaseRemoteObjects(loader);
            return new Outcome(exitCode[0], vmFailed[0] || !stragglersEnded(group, released));
        } catch (IOException closing) {
            return new Outcome(exitCode[0], true);
        }
    }

    /**
     * {@code tlc2.TLC.main} without its {@code System.exit}: the same steps in the same order, returning the exit
     * code main would exit with.
     */
    private static int tlcMain(ClassLoader loader, String[] args) throws Exception {
        Class<?> tlcClass = loader.loadClass("tlc2.TLC");
        Object tlc = tlcClass.getConstructor().newInstance();
        if (!(Boolean) tlcClass.getMethod("handleParameters", String[].class).invoke(tlc, (Object) args)) {
            return 1;
        }
        Method checkEnvironment = tlcClass.getDeclaredMethod("checkEnvironment");
        checkEnvironment.setAccessible(true);
        if (!(Boolean) checkEnvironment.invoke(tlc)) {
            return 1;
        }
        Class<?> mailSenderClass = loader.loadClass("util.MailSender");
        Object mailSender = mailSenderClass.getConstructor().newInstance();
        Class<?> resolverType = loader.loadClass("util.FilenameToStream");
        Class<?> simpleResolver = loader.loadClass("util.SimpleFilenameToStream");
        Field modelInJar = tlcClass.getDeclaredField("MODEL_PART_OF_JAR");
        modelInJar.setAccessible(true);
        Object resolver;
        if (modelInJar.getBoolean(null)) {
            resolver = loader.loadClass("model.InJarFilenameToStream").getConstructor(String.class)
                    .newInstance("/model/");
        } else {
            String mainFile = (String) tlcClass.getMethod("getMainFile").invoke(tlc);
            String dir = (String) loader.loadClass("util.FileUtil").getMethod("parseDirname", String.class)
                    .invoke(null, mainFile);
            resolver = dir.isEmpty() ? simpleResolver.getConstructor().newInstance()
                    : simpleResolver.getConstructor(String.class).newInstance(dir);
        }
        tlcClass.getMethod("setResolver", resolverType).invoke(tlc, resolver);
        mailSenderClass.getMethod("setModelName", String.class)
                .invoke(mailSender, tlcClass.getMethod("getModelName").invoke(tlc));
        mailSenderClass.getMethod("setSpecName", String.class)
                .invoke(mailSender, tlcClass.getMethod("getSpecName").invoke(tlc));
        int errorCode = (Integer) tlcClass.getMethod("process").invoke(tlc);
        if (!(Boolean) mailSenderClass.getMethod("send", List.class)
                .invoke(mailSender, tlcClass.getMethod("getModuleFiles").invoke(tlc))) {
            return 1;
        }
        return (Integer) loader.loadClass("tlc2.output.EC$ExitStatus")
                .getMethod("errorConstantToExitStatus", int.class).invoke(null, errorCode);
    }

    /**
     * Lets go of what RMI keeps of the run; false when it cannot. Every fingerprint set of TLC is a
     * {@code UnicastRemoteObject} (for distributed TLC), exported when it is made and never unexported, so RMI's object
     * table, a static of the JDK, holds it; and RMI caches each remote class's methods in a map whose values are
     * soft references to those methods. Either keeps the run's class loader reachable, and through its classes' static
     * fields all the run's state: measured on the tcmu gate, every model's loader outlived its run, the live heap grew
     * by ~17 MB a model and the worker spent about a fifth of its CPU time in the collector. The run has ended and its
     * output is written when this is called, so it cannot change what the run found. Needs {@code --add-opens} of
     * {@code java.rmi/sun.rmi.transport} and {@code java.rmi/sun.rmi.server} (given by {@link TlcWorkers}).
     */
    private static boolean releaseRemoteObjects(ClassLoader loader) {
        try {
            Class<?> objectTable = Class.forName("sun.rmi.transport.ObjectTable");
            Method getImpl = Class.forName("sun.rmi.transport.Target").getDeclaredMethod("getImpl");
            getImpl.setAccessible(true);
            List<Object> targets;
            synchronized (staticField(objectTable, "tableLock")) {
                targets = new ArrayList<>(((Map<?, ?>) staticField(objectTable, "objTable")).values());
            }
            for (Object target : targets) {
                Object impl = getImpl.invoke(target);
                if (impl instanceof Remote remote && remote.getClass().getClassLoader() == loader) {
                    try {
                        UnicastRemoteObject.unexportObject(remote, true);
                    } catch (NoSuchObjectException alreadyUnexported) {
                        // Unexported since the table was read: nothing left to release.
                    }
                }
            }
            Object methodMaps = staticField(Class.forName("sun.rmi.server.UnicastServerRef"), "hashToMethod_Maps");
            Field internalMap = Class.forName("sun.rmi.server.WeakClassHashMap").getDeclaredField("internalMap");
            internalMap.setAccessible(true);
            Map<?, ?> byClass = (Map<?, ?>) internalMap.get(methodMaps);
            synchronized (byClass) {
                byClass.keySet().removeIf(c -> ((Class<?>) c).getClassLoader() == loader);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static Object staticField(Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }

    /**
     * Whether the threads the run started have ended (within a short wait), except idle ones: the JDK's common
     * fork-join pool, and threads parked with no timeout, which only the ended run's own threads could wake (TLC leaves
     * its liveness executor's worker, and its disk state queue's threads when a run ends in its initial states). Each
     * run that leaves such threads keeps its class loader, and all the run's state, reachable; {@link #LEAKY_RUNS} such
     * runs retire the worker, as do runs whose RMI objects could not be released ({@code released} false).
     */
    private static boolean stragglersEnded(ThreadGroup group, boolean released) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STRAGGLER_WAIT_MS);
        while (true) {
            Thread[] threads = new Thread[group.activeCount() + 8];
            int n = group.enumerate(threads, true);
            boolean busy = false;
            boolean leftIdle = false;
            for (int i = 0; i < n; i++) {
                Thread t = threads[i];
                if (!t.isAlive() || t.getName().startsWith("ForkJoinPool.commonPool-") && t.isDaemon()) {
                    continue;
                }
                boolean idle = t.getState() == Thread.State.WAITING;
                leftIdle |= idle;
                busy |= !idle;
            }
            if (!busy) {
                leakyRuns += leftIdle || !released ? 1 : 0;
                return leakyRuns < LEAKY_RUNS;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
    }

    /** Remembers the last byte written, so the end line can start a line of its own. */
    private static final class LastByte extends FilterOutputStream {
        volatile int value = '\n';

        LastByte(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            value = b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (len > 0) {
                value = b[off + len - 1];
            }
        }
    }
}
