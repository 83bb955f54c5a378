package dev.lockstep.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lockstep.maven.JUnitReport.Problem;
import dev.lockstep.maven.JUnitReport.TestCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitReportTest {
    @TempDir
    Path dir;

    @Test
    void countsFailuresAndErrorsAndKeepsTheTextReadable() throws Exception {
        Path file = dir.resolve("reports/TEST-lockstep.counter.xml");
        JUnitReport.write(file, "lockstep.counter", List.of(
                new TestCase("counter.locked", "invariant NoLostUpdate holds", 0.25, Optional.empty()),
                new TestCase("counter.unlocked", "invariant NoLostUpdate holds", 0.5, Optional.of(new Problem(false,
                        "expectation departed", "counter/unlocked: expected holds, actual violated",
                        "State 1 <Init> & \"quoted\"\n  counter: 0 -> 1\u0007"))),
                new TestCase("counter.broken", "invariant TypeOK holds", 0, Optional.of(new Problem(true,
                        "spec-error", "counter/broken: unknown", "Counter.tla:3:1: parse error")))));

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element suite = xml.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("lockstep.counter", suite.getAttribute("name"));
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        assertEquals("0.750", suite.getAttribute("time"));
        NodeList failures = xml.getElementsByTagName("failure");
        assertEquals(1, failures.getLength());
        Element failure = (Element) failures.item(0);
        assertEquals("counter.unlocked", ((Element) failure.getParentNode()).getAttribute("classname"));
        assertEquals("counter/unlocked: expected holds, actual violated", failure.getAttribute("message"));
        // XML 1.0 cannot carry the bell character: it becomes '?', the rest is kept as written.
        assertEquals("State 1 <Init> & \"quoted\"\n  counter: 0 -> 1?", failure.getTextContent());
        Element error = (Element) xml.getElementsByTagName("error").item(0);
        assertEquals("spec-error", error.getAttribute("type"));
        assertEquals(List.of(), List.of(Files.list(file.getParent()).filter(f -> !f.equals(file)).toArray()),
                "the report is written atomically, no temporary file is left");
    }
}
