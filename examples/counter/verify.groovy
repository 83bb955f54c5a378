// After both invocations of invoker.properties: the gate's report and counterexample, and the failed check's.
def log = new File(basedir, 'build.log').text
def report = new File(basedir, 'target/lockstep-reports/TEST-lockstep.counter.xml')
assert report.isFile()
def suite = new groovy.xml.XmlSlurper().parse(report)
assert suite.@tests == '4'
assert suite.@failures == '0' && suite.@errors == '0'
assert suite.testcase*.@name*.toString().sort() == ['invariant NoLostUpdate holds', 'invariant NoLostUpdate violated',
        'invariant TypeOK holds', 'witness AllDone reachable']
assert new File(basedir, 'target/lockstep-counterexamples/counter/unlocked/NoLostUpdate.itf.json').isFile()
assert log.contains('PASS  counter/unlocked: invariant NoLostUpdate: expected violated, actual violated')
assert log.contains('lockstep: gate PASS')

// lockstep:check: the verdict and the counterexample in the log, ITF and text under target/lockstep/.
assert log.contains('[ERROR] invariant NoLostUpdate violated')
assert log.contains('[ERROR]   counter: 0 -> 1')
assert log =~ /Counter\.tla: invariant NoLostUpdate violated \(counterexample: .*NoLostUpdate\.itf\.json\)/
def itf = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/lockstep/NoLostUpdate.itf.json'))
assert itf.states.size() == 5
assert itf.states[-1].counter == 1
assert new File(basedir, 'target/lockstep/NoLostUpdate.txt').isFile()
