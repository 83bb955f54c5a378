package dev.lockstep.maven;

import dev.lockstep.checker.io.AtomicFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A test report in the JUnit XML form Surefire writes ({@code TEST-*.xml}: one {@code testsuite}, a {@code testcase}
 * per check with a {@code failure} or {@code error}), which Jenkins, GitLab and GitHub test reporters read.
 */
final class JUnitReport {
    private JUnitReport() {}

    /**
     * One test case.
     *
     * @param problem why it did not pass; empty when it passed
     */
    record TestCase(String className, String name, double seconds, Optional<Problem> problem) {}

    /**
     * A test case that did not pass.
     *
     * @param error whether the check could not be decided ({@code error}) rather than decided wrong ({@code failure})
     * @param message one line
     * @param text the full story: the departure and the counterexample, or what TLC printed
     */
    record Problem(boolean error, String type, String message, String text) {}

    /** Writes {@code cases} as the suite {@code suite} to {@code file}, atomically. */
    static void write(Path file, String suite, List<TestCase> cases) throws IOException {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", suite);
            xml.writeAttribute("tests", Integer.toString(cases.size()));
            xml.writeAttribute("failures", Long.toString(count(cases, false)));
            xml.writeAttribute("errors", Long.toString(count(cases, true)));
            xml.writeAttribute("skipped", "0");
            xml.writeAttribute("time", seconds(cases.stream().mapToDouble(TestCase::seconds).sum()));
            for (TestCase c : cases) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("name", xmlText(c.name()));
                xml.writeAttribute("classname", xmlText(c.className()));
                xml.writeAttribute("time", seconds(c.seconds()));
                if (c.problem().isPresent()) {
                    Problem p = c.problem().get();
                    xml.writeCharacters("\n    ");
                    xml.writeStartElement(p.error() ? "error" : "failure");
                    xml.writeAttribute("message", xmlText(p.message()));
                    xml.writeAttribute("type", xmlText(p.type()));
                    xml.writeCharacters(xmlText(p.text()));
                    xml.writeEndElement();
                    xml.writeCharacters("\n  ");
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the JUnit report " + file + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(file, out.append('\n').toString());
    }

    private static long count(List<TestCase> cases, boolean errors) {
        return cases.stream().filter(c -> c.problem().map(p -> p.error() == errors).orElse(false)).count();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /** {@code text} without the characters XML 1.0 cannot carry (most control characters), which become {@code ?}. */
    static String xmlText(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints().forEach(c -> clean.appendCodePoint(
                c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                        || c >= 0x10000 ? c : '?'));
        return clean.toString();
    }
}
