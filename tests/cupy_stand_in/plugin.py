"""pytest side of the CuPy stand-in: activation, per-test attribution of events, the end-of-run summary and
strict mode (registered by the root conftest.py under ``--cupy-stand-in`` or GRADLIB_CUPY_STAND_IN=1)."""
import collections
import glob
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SITE = os.path.join(HERE, "site")
FAILING_KINDS = ("refusal", "device", "stand-in")


def activate():
    """Put the stand-in first on sys.path and PYTHONPATH (for examples run in a subprocess); before any
    ``import cupy``."""
    loaded = sys.modules.get("cupy")
    if loaded is not None and not getattr(loaded, "__file__", "").startswith(SITE):
        raise RuntimeError(f"--cupy-stand-in: a real CuPy was imported before the stand-in ({loaded.__file__})")
    if SITE not in sys.path:
        sys.path.insert(0, SITE)
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if SITE not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([SITE] + paths)
    os.environ["CUPY_STAND_IN_EVENTS_DIR"] = tempfile.mkdtemp(prefix="cupy-stand-in-")
    os.environ["CUPY_STAND_IN_PARENT_PID"] = str(os.getpid())
    import cupy._events
    return cupy._events


class StandInPlugin:
    def __init__(self, config, strict):
        self.events_module = activate()
        self.strict = strict
        self.outcomes = collections.Counter()
        self.violations = []

    # ----- attribution ---------------------------------------------------------------------------------------------
    def pytest_runtest_setup(self, item):
        self._enter(item.nodeid)

    def pytest_runtest_call(self, item):
        self._enter(item.nodeid)

    def pytest_runtest_teardown(self, item):
        self._enter(item.nodeid)

    def _enter(self, nodeid):
        self.events_module.current_test[0] = nodeid
        os.environ["CUPY_STAND_IN_TEST"] = nodeid

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            self.outcomes[report.outcome] += 1
        elif report.when == "teardown" and report.outcome == "failed":
            self.outcomes["error"] += 1

    # ----- the verdict ---------------------------------------------------------------------------------------------
    def all_events(self):
        found = list(self.events_module.events)
        folder = os.environ.get("CUPY_STAND_IN_EVENTS_DIR")
        for path in sorted(glob.glob(os.path.join(folder or "", "events-*.jsonl"))):
            with open(path) as file:
                for line in file:
                    found.append(self.events_module.Event(**json.loads(line)))
        return found

    def judge(self):
        sys.path.insert(0, HERE)
        try:
            from allowed_syncs import allowed
        finally:
            sys.path.remove(HERE)
        violations = []
        for event in self.all_events():
            if event.kind in FAILING_KINDS:
                violations.append(event)
            elif event.kind == "sync" and event.site != self.events_module.USER \
                    and not event.site.startswith("explicit: ") and allowed(event.site, event.what) is None:
                violations.append(event)
        return violations

    def pytest_sessionfinish(self, session, exitstatus):
        self.violations = self.judge()
        if self.strict and self.violations and session.exitstatus == 0:
            session.exitstatus = 1

    def pytest_terminal_summary(self, terminalreporter):
        write = terminalreporter.write_line
        events = self.all_events()
        by_kind = collections.Counter(e.kind for e in events)
        syncs = collections.Counter((e.site, e.what) for e in events if e.kind == "sync"
                                    and e.site != self.events_module.USER and not e.site.startswith("explicit: "))
        explicit = sum(1 for e in events if e.kind == "sync" and e.site.startswith("explicit: "))
        user = sum(1 for e in events if e.kind == "sync" and e.site == self.events_module.USER)
        terminalreporter.section("cupy stand-in")
        tests_by = collections.defaultdict(list)
        for e in events:
            key = (e.kind, e.site, e.what)
            if e.test and e.test not in tests_by[key]:
                tests_by[key].append(e.test)
        violation_keys = collections.Counter((e.kind, e.site, e.what) for e in self.violations)
        for (kind, site, what), count in sorted(violation_keys.items()):
            tests = tests_by[(kind, site, what)]
            shown = ", ".join(tests[:3]) + (f" (+{len(tests) - 3} more)" if len(tests) > 3 else "")
            write(f"NOT ALLOWED {kind} x{count}: {what} at {site}; tests: {shown or '-'}")
        allowed_syncs = [(k, n) for k, n in syncs.items()
                         if ("sync",) + k not in {(kk, s, w) for kk, s, w in violation_keys}]
        for (site, what), count in sorted(allowed_syncs, key=lambda kv: -kv[1]):
            write(f"allowed sync x{count}: {what} at {site}")
        o = self.outcomes
        sites = ", ".join(f"{site.split(' (')[0]} x{n}" for (site, _), n in
                          sorted(collections.Counter({k: v for k, v in syncs.items()}).items(), key=lambda kv: -kv[1]))
        write(f"cupy stand-in: {o['passed']} passed, {o['failed'] + o['error']} failed, {o['skipped']} skipped; "
              f"refusals {by_kind['refusal']}; wrong-device {by_kind['device']}; not emulated {by_kind['stand-in']}; "
              f"explicit syncs {explicit}; test-code syncs {user}; syncs in gradlib by site: {sites or 'none'}; "
              f"{'FAIL' if self.violations else 'ok'} ({len(self.violations)} events not allowed"
              f"{', strict' if self.strict else ', report only'})")
