// The build failed naming the departed check, and the JUnit XML report says which check failed and why.
def log = new File(basedir, 'build.log').text
def departed = 'counter/unlocked: invariant NoLostUpdate: expected holds, actual violated'
assert log.contains('[ERROR] FAIL  ' + departed)
assert log.contains('lockstep gate: 1 check(s) departed from expectations')
assert log.contains('BUILD FAILURE')

def report = new File(basedir, 'target/lockstep-reports/TEST-lockstep.counter.xml')
def suite = new groovy.xml.XmlSlurper().parse(report)
assert suite.@tests == '4' && suite.@failures == '1' && suite.@errors == '0'
def failed = suite.testcase.find { it.failure.size() > 0 }
assert failed.@classname == 'counter.unlocked'
assert failed.@name == 'invariant NoLostUpdate holds'
assert failed.failure.@message.toString().startsWith(departed)
// The counterexample: one column per process, then every step's changes.
def text = failed.failure.text()
assert text.contains('TLC found: invariant NoLostUpdate violated')
assert text.contains('counter: 0 -> 1')
