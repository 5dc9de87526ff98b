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
    import cupy._labels
    cupy._labels.install()  # a Tensor labelled cuda:N around an array of another device is a 'device' event
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
        """Counter of Event -> occurrences, this process's and those of the subprocesses it ran."""
        found = collections.Counter(self.events_module.events)
        folder = os.environ.get("CUPY_STAND_IN_EVENTS_DIR")
        for path in sorted(glob.glob(os.path.join(folder or "", "events-*.jsonl"))):
            with open(path) as file:
                for line in file:
                    fields = json.loads(line)
                    count = fields.pop("count", 1)
                    found[self.events_module.Event(**fields)] += count
        return found

    def judge(self, events):
        """The events that fail a strict run: refusals, wrong-device work and unemulated names met in gradlib, and
        syncs in gradlib that allowed_syncs.py does not list. The test's own code is never judged."""
        sys.path.insert(0, HERE)
        try:
            from allowed_syncs import allowed
        finally:
            sys.path.remove(HERE)
        violations = collections.Counter()
        for event, count in events.items():
            if event.site == self.events_module.USER or event.site.startswith("explicit: ") and event.kind == "sync":
                continue
            if event.kind in FAILING_KINDS or (event.kind == "sync" and allowed(event.site, event.what) is None):
                violations[event] += count
        return violations

    def pytest_sessionfinish(self, session, exitstatus):
        self.violations = self.judge(self.all_events())
        if self.strict and self.violations and session.exitstatus == 0:
            session.exitstatus = 1

    def pytest_terminal_summary(self, terminalreporter):
        write = terminalreporter.write_line
        events = self.all_events()
        user, explicit = self.events_module.USER, "explicit: "
        terminalreporter.section("cupy stand-in")
        # one line per distinct (kind, what, site): the count and the first tests that produced it
        grouped = collections.defaultdict(lambda: [0, []])
        for event, count in events.items():
            entry = grouped[(event.kind, event.what, event.site)]
            entry[0] += count
            if event.test and event.test not in entry[1]:
                entry[1].append(event.test)
        failing = {(e.kind, e.what, e.site) for e in self.violations}
        for key, (count, tests) in sorted(grouped.items(), key=lambda kv: (kv[0] not in failing, -kv[1][0])):
            kind, what, site = key
            if site == user or (site.startswith(explicit) and kind == "sync"):
                continue
            shown = ", ".join(tests[:3]) + (f" (+{len(tests) - 3} more)" if len(tests) > 3 else "")
            label = "NOT ALLOWED" if key in failing else "allowed"
            write(f"{label} {kind} x{count}: {what} at {site}; tests: {shown or '-'}")
        totals = collections.Counter()
        for event, count in events.items():
            totals[event.kind] += count
        syncs = collections.Counter()
        for event, count in events.items():
            if event.kind == "sync":
                where = "test code" if event.site == user else (
                    "explicit" if event.site.startswith(explicit) else event.site.split(" (")[0])
                syncs[where] += count
        o = self.outcomes
        by_site = ", ".join(f"{site} x{n}" for site, n in syncs.most_common())
        verdict = "FAIL" if self.violations else "ok"
        write(f"cupy stand-in: {o['passed']} passed, {o['failed'] + o['error']} failed, {o['skipped']} skipped; "
              f"refusals {totals['refusal']}; wrong-device {totals['device']}; not emulated {totals['stand-in']}; "
              f"syncs by site: {by_site or 'none'}; {verdict}: {sum(self.violations.values())} events not allowed"
              f"{'' if self.strict else ' (report only)'}")
